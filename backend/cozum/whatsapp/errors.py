"""Why a webhook call waits to be tried again, rather than landing now."""


class TryLater(Exception):
    """Nothing of the call is stored this time; it comes back after the back-off."""


class GraphUnavailable(TryLater):
    """Meta is down or slow, throttles, or the token is being renewed."""


class NotConfigured(TryLater):
    """Something an administrator must set before messages can land."""


class MediaRefused(Exception):
    """No retry can mend this media: the message lands with the reason as its media problem."""
