"""The NHTSA recalls API source: one request per campaign, for the makes held.

The flat file has no OTA or park flags; the API's ``campaignNumber`` answer
has them (``overTheAirUpdate``, ``parkIt``, ``parkOutSide``). Asking for all
~30,000 campaigns every day would be wasteful and rude, so only campaigns of
the configured makes are asked for, and after a flat-file import only those
it created or changed. The answers are gathered into one ``{"Count",
"results"}`` document, kept raw and hashed like any fetched file.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

from indexer.importers.fetch import FetchError, HttpClient
from indexer.sources import Source

from .raw import STAGING, FetchedFile, SourceFetchError

DOCUMENT = "campaigns.json"
_MAKE_LINE = re.compile(r"^make:\s*(\S+)\s*$", re.MULTILINE)


def held_campaigns(content_dir: Path, makes: tuple[str, ...], only: set[str] | None = None) -> list[str]:
    """Campaign ids in ``content/recalls/nhtsa`` whose make is one of ``makes`` (and in ``only`` when given)."""
    folder = Path(content_dir) / "recalls" / "nhtsa"
    wanted = set(makes)
    ids = []
    for path in sorted(folder.glob("*.md")):
        if only is not None and path.stem not in only:
            continue
        with open(path, encoding="utf-8") as handle:
            head = handle.read(4096)
        match = _MAKE_LINE.search(head)
        if match and match.group(1) in wanted:
            ids.append(path.stem)
    return ids


def fetch_campaigns(source: Source, folder: Path, client: HttpClient, campaigns: list[str],
                    progress=None) -> list[FetchedFile]:
    template = source.files[0].url
    staging = folder / STAGING
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    results = []
    for done, campaign in enumerate(campaigns, 1):
        url = template.replace("{id}", campaign)
        try:
            answer = json.loads(client.get_text(url))
        except FetchError as exc:
            raise SourceFetchError(source.name, url, exc.reason) from None
        except ValueError:
            raise SourceFetchError(source.name, url, "the answer is not JSON") from None
        if not isinstance(answer, dict) or not isinstance(answer.get("results"), list):
            raise SourceFetchError(source.name, url, "the answer has no results list")
        results.extend(answer["results"])
        if progress:
            progress(f"{source.name} campaigns", done, len(campaigns))
    body = json.dumps({"Count": len(results), "results": results}, sort_keys=True, indent=1).encode("utf-8")
    target = staging / DOCUMENT
    target.write_bytes(body)
    return [FetchedFile(DOCUMENT, template, target, hashlib.sha256(body).hexdigest(), None, False)]
