"""Names inside translated sentences."""


def before_period(name: str) -> str:
    """A name followed by the sentence's own period: an abbreviation's point at its end is that
    period ("… Sierra Norte, A.C." and not "A.C.."), as typography has it in each language."""
    return name[:-1] if name.endswith(".") else name
