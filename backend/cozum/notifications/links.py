"""The tracking link every message carries."""

from urllib.parse import quote


def tracking_link(base_url: str, reference: str, secret: str) -> str:
    """The tracking page with reference and secret in the fragment: a browser never sends the
    fragment, so the secret reaches no server's access log (ours, a proxy's, a link scanner's)."""
    return f"{base_url.rstrip('/')}/track#r={quote(reference)}&s={quote(secret)}"


def tracking_page(base_url: str) -> str:
    """For a ticket without a tracking seed (filed before seeds existed): the page alone; the
    citizen types the reference and the secret they were given."""
    return f"{base_url.rstrip('/')}/track"
