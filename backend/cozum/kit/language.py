from enum import Enum

import strawberry


@strawberry.enum(description="Language of user-facing labels; Turkish unless asked otherwise.")
class Language(Enum):
    TR = "TR"
    EN = "EN"


def pick(language: "Language", tr: str, en: str) -> str:
    return en if language is Language.EN else tr
