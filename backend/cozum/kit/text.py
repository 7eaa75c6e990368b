from cozum.kit.errors import DomainError, UserErrorCode


def clean_text(value: str | None, limit: int, field: list[str], *, required: bool = False) -> str | None:
    """Trimmed text within `limit` characters, or a `userErrors` entry naming the field."""
    text = (value or "").strip()
    if not text:
        if required:
            raise DomainError(UserErrorCode.REQUIRED, "This field is required.", field)
        return None
    if len(text) > limit:
        raise DomainError(UserErrorCode.TOO_LONG, f"Longer than {limit} characters.", field)
    if "\x00" in text:
        raise DomainError(UserErrorCode.INVALID, "Text contains a NUL character.", field)
    return text


def required_text(value: str | None, limit: int, field: list[str]) -> str:
    text = clean_text(value, limit, field, required=True)
    assert text is not None
    return text
