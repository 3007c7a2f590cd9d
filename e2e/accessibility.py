"""Automated accessibility checks with axe-core, run in the page under test.

The registry aims at WCAG 2.2 level AA. JIS X 8341-3:2016 is WCAG 2.0 (ISO/IEC 40500:2012), and
Japanese public bodies are asked to meet its level AA; WCAG 2.1 and 2.2 only add success
criteria, so 2.2 AA covers JIS X 8341-3 AA as far as automation can tell.

``assert_accessible`` runs every axe rule tagged for WCAG 2.0, 2.1 and 2.2 levels A and AA,
plus the best-practice rules that matter for pages like ours (landmarks, heading order), and
fails with a readable list. ``assert_reflows`` checks what axe cannot: that the page does not
scroll sideways at 320 CSS pixels (WCAG 1.4.10).

axe-core (MPL-2.0) comes bundled in the ``axe-playwright-python`` package; it is injected with
``page.evaluate`` (the DevTools protocol, which the page's Content-Security-Policy does not
govern), so nothing is fetched from the network. Automated rules find perhaps a third of the
problems people meet: they are a floor, not a certificate.
"""

from __future__ import annotations

import functools
import importlib.resources
from typing import Any

WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")

# Best-practice rules (not WCAG success criteria by themselves) that we hold the pages to.
BEST_PRACTICES = (
    "region",  # all content inside landmarks
    "landmark-one-main",
    "landmark-unique",
    "landmark-no-duplicate-banner",
    "landmark-no-duplicate-contentinfo",
    "landmark-no-duplicate-main",
    "landmark-banner-is-top-level",
    "landmark-contentinfo-is-top-level",
    "landmark-main-is-top-level",
    "landmark-complementary-is-top-level",
    "heading-order",
    "page-has-heading-one",
    "empty-heading",
    "empty-table-header",
    "skip-link",
    "tabindex",
    "label-title-only",
    "aria-allowed-role",
    "presentation-role-conflict",
    "scope-attr-valid",
    "table-duplicate-name",
    "image-redundant-alt",
    "meta-viewport-large",
)

# Every rule for those tags, plus the best practices; a rule unknown to this axe version is
# dropped rather than failing the run.
_RUN = """
([tags, extra]) => {
  const known = new Set(axe.getRules().map((rule) => rule.ruleId));
  const rules = axe.getRules(tags).map((rule) => rule.ruleId)
    .concat(extra.filter((id) => known.has(id)));
  return axe.run(document, {
    runOnly: {type: "rule", values: [...new Set(rules)]},
    resultTypes: ["violations"],
  }).then((results) => results.violations);
}
"""


@functools.cache
def axe_script() -> str:
    """axe-core's ``axe.min.js`` as bundled in axe-playwright-python (0.1.8: axe-core 4.12.1)."""
    bundled = importlib.resources.files("axe_playwright_python").joinpath("axe.min.js")
    return bundled.read_text(encoding="utf-8")


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe on the page as it is now and return its violations (axe's own dicts)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_script())
    violations: list[dict[str, Any]] = page.evaluate(_RUN, [list(WCAG_TAGS), list(BEST_PRACTICES)])
    return violations


def _clip(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_violations(violations: list[dict[str, Any]], *, nodes: int = 3) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'n/a'}): {violation['help']}"
            f" [{len(violation['nodes'])} element(s)] {violation.get('helpUrl', '')}"
        )
        for node in violation["nodes"][:nodes]:
            target = " ".join(str(part) for part in node.get("target", []))
            lines.append(f"    at {target}")
            lines.append(f"       {_clip(node.get('html', ''))}")
            summary = node.get("failureSummary")
            if summary:
                lines.append(f"       {_clip(summary, 300)}")
        if len(violation["nodes"]) > nodes:
            lines.append(f"    … and {len(violation['nodes']) - nodes} more")
    return "\n".join(lines)


# WCAG 1.4.10 Reflow: at 320 CSS pixels wide, nothing may need scrolling in two directions
# (data tables inside their own scrolling wrapper are allowed). axe does not check this.
REFLOW_WIDTH = 320
_OVERFLOW = """
() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  const clipping = ["auto", "scroll", "hidden", "clip"];
  const scrolls = (el) => clipping.includes(getComputedStyle(el).overflowX);
  const contained = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (scrolls(up)) return true;
    }
    return false;
  };
  const wide = [...document.body.querySelectorAll("*")].filter(
    (el) => el.getBoundingClientRect().right > width + 0.5 && !contained(el)
  );
  if (!wide.length) return [`the page is ${document.documentElement.scrollWidth}px wide`];
  // Report the outermost elements that stick out, not each of their descendants.
  return wide.filter((el) => !wide.includes(el.parentElement)).slice(0, 5).map((el) => {
    const rect = el.getBoundingClientRect();
    return `${el.outerHTML.slice(0, 160)} (right edge at ${Math.round(rect.right)}px)`;
  });
}
"""


def assert_reflows(page: Any, context_label: str) -> None:
    """Fail if the page scrolls sideways at 320 CSS pixels wide; restores the viewport."""
    viewport = page.viewport_size
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": 640})
    try:
        wide = page.evaluate(_OVERFLOW)
    finally:
        page.set_viewport_size(viewport)
    if wide:
        raise AssertionError(
            f"{context_label}: {page.url} scrolls sideways at {REFLOW_WIDTH}px (WCAG 1.4.10)"
            + "".join(f"\n    {_clip(html)}" for html in wide)
        )


def assert_accessible(page: Any, context_label: str) -> None:
    """Fail with every axe violation on the current page, labelled with ``context_label``."""
    violations = axe_violations(page)
    if violations:
        raise AssertionError(
            f"{context_label}: {len(violations)} accessibility rule(s) fail on {page.url}\n"
            + format_violations(violations)
        )
