from datetime import datetime

import strawberry

from cozum.kit.relay import Node, to_global_id
from cozum.views import models


@strawberry.type(description="A queue the signed-in staff member saved under a name.")
class SavedView(Node):
    name: str
    query: str = strawberry.field(description="The console's URL query string, kept as given.")
    created_at: datetime

    @classmethod
    def from_row(cls, row: models.SavedView) -> "SavedView":
        assert row.id is not None
        return cls(id=to_global_id("SavedView", row.id), name=row.name, query=row.query, created_at=row.created_at)
