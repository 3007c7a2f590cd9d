"""Users, staff roles and memberships (which users may act for which company)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffRole(models.TextChoices):
    NONE = "", _("None (company user)")
    REVIEWER = "reviewer", _("Reviewer")
    ADMINISTRATOR = "administrator", _("Administrator")


class Language(models.TextChoices):
    JA = "ja", "日本語"
    EN = "en", "English"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("staff_role", StaffRole.ADMINISTRATOR)
        return self._create(email, password, **extra)


class User(AbstractUser):
    """A person. Signs in with an email address; a staff role makes them association staff."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=100, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.JA
    )
    staff_role = models.CharField(
        _("staff role"),
        max_length=20,
        choices=StaffRole.choices,
        default=StaffRole.NONE,
        blank=True,
    )
    # Set when the person opened the link sent to ``email``; cleared never (a change of address
    # is only made through a link sent to the new address, which verifies it at the same time).
    email_verified_at = models.DateTimeField(_("email verified at"), null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(staff_role__in=["", "reviewer", "administrator"]),
                name="user_staff_role_valid",
            )
        ]

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name or self.email

    @property
    def email_verified(self) -> bool:
        """True once the person has proved they receive mail at ``email``."""
        return self.email_verified_at is not None

    @property
    def is_reviewer(self) -> bool:
        """Reviewers and administrators may review; administrators have every reviewer right."""
        return self.is_active and self.staff_role in (StaffRole.REVIEWER, StaffRole.ADMINISTRATOR)

    @property
    def is_administrator(self) -> bool:
        return self.is_active and self.staff_role == StaffRole.ADMINISTRATOR


class MembershipRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    company = models.ForeignKey(
        "companies.Company", on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(
        _("role"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "company"], name="membership_unique_user_company"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=["owner", "member"]), name="membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.company} ({self.role})"
