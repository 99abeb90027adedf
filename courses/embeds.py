"""Video providers a lesson may embed, and the player address for each.

Only these hosts are in the Content-Security-Policy's frame-src; anything else is refused when
the trainer saves. The address is worked out here rather than by oEmbed so that rendering a
lesson never waits on a third party.
"""

import re
from urllib.parse import parse_qs, urlsplit

EMBED_FRAME_SOURCES = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^[0-9]{1,12}$")


def embed_src(url: str) -> str | None:
    """The player address for an allowed provider's video page, or None when not allowed."""
    parts = urlsplit(url.strip())
    if parts.scheme != "https":
        return None
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    path = parts.path.strip("/").split("/")
    video_id = None
    if host in {"youtube.com", "youtube-nocookie.com"}:
        if path == ["watch"]:
            video_id = parse_qs(parts.query).get("v", [""])[0]
        elif len(path) == 2 and path[0] in {"embed", "shorts", "live"}:
            video_id = path[1]
        if video_id and _YOUTUBE_ID.match(video_id):
            # The privacy-enhanced host sets no cookies until the learner presses play.
            return f"https://www.youtube-nocookie.com/embed/{video_id}"
    elif host == "youtu.be" and len(path) == 1 and _YOUTUBE_ID.match(path[0]):
        return f"https://www.youtube-nocookie.com/embed/{path[0]}"
    elif host == "vimeo.com" and len(path) == 1 and _VIMEO_ID.match(path[0]):
        return f"https://player.vimeo.com/video/{path[0]}"
    elif host == "player.vimeo.com" and path[:1] == ["video"] and len(path) == 2:
        video_id = path[1]
    if video_id and host.endswith("vimeo.com") and _VIMEO_ID.match(video_id):
        return f"https://player.vimeo.com/video/{video_id}"
    return None
