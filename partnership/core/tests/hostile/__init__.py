"""Hostile input: every form, every page and every API operation sent bad input (issue 7)."""
