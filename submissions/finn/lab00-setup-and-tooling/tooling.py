"""Report helpers for the churn labs, cleaned up."""


def format_rate(rate, digits=1):
    """A rate between 0 and 1 as a percentage: format_rate(0.25) -> '25.0 %'."""
    if rate is None:
        return "n/a"
    if not isinstance(digits, int):
        raise TypeError("digits must be an int")
    return f"{rate * 100:.{digits}f} %"


def is_high_risk(rate, threshold=0.3):
    """True when a churn rate is above the threshold (strictly)."""
    return rate > threshold


def top_segments(
    rates: dict[str, float], n: int = 3, exclude: list[str] | None = None
) -> list[str]:
    """The n segments with the highest rates, highest first, leaving out `exclude`.

    Segments with equal rates keep the order they have in `rates`.
    """
    exclude = exclude or []
    ranked = sorted(rates.keys(), key=lambda segment: rates[segment], reverse=True)
    result = []
    for segment in ranked:
        if segment in exclude:
            continue
        result.append(segment)
    return result[0:n]


def parse_version(text):
    """'3.11.2' -> (3, 11); None for anything that is not a version string."""
    try:
        parts = text.split(".")
        major = int(parts[0])
        minor = int(parts[1])
    except Exception:
        return None
    return (major, minor)


def summary_line(segment, rate, customers):
    """One line of the report: 'monthly: 32.9 % of 2,345 customers churned'."""
    return f"{segment}: {format_rate(rate)} of {customers:,} customers churned"


def report(rates, customers, title="Churn by segment"):
    """A small text report: a title, then one line per segment, highest rate first.

    Segments above the high-risk threshold are marked with a '!'.
    """
    lines = [title, "=" * len(title)]
    for segment in top_segments(rates, n=len(rates)):
        line = summary_line(segment, rates[segment], customers[segment])
        if is_high_risk(rates[segment]):
            line = line + " !"
        lines.append(line)
    return "\n".join(lines)
