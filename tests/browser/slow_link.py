"""A page's GraphQL socket through a proxy that can hold the server's messages back, as on a
slow link: the page keeps showing what it had while the server has moved on."""

import re

from playwright.async_api import Page, WebSocketRoute

GRAPHQL_SOCKET = re.compile(r".*/graphql$")


class SlowLink:
    def __init__(self) -> None:
        self.holding = False
        self.held: list[str | bytes] = []
        self.sockets: list[WebSocketRoute] = []

    async def attach(self, page: Page) -> None:
        """Routes the page's sockets through the link; call before the page opens them."""
        await page.route_web_socket(GRAPHQL_SOCKET, self._route)

    def _route(self, ws: WebSocketRoute) -> None:
        server = ws.connect_to_server()
        self.sockets.append(ws)
        server.on_message(lambda m: self.held.append(m) if self.holding else ws.send(m))
        ws.on_message(lambda m: server.send(m))

    def release(self) -> None:
        """Lets everything held back through, in order, and stops holding."""
        self.holding = False
        for message in self.held:
            self.sockets[-1].send(message)
        self.held.clear()
