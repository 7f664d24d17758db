"""Reading the files commands take: YAML or JSON documents, CSV/XLSX manifests, and validating the result,
each problem reported as a UserError naming the option, the file and the place in it."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sofadesk.cli.output import UserError

if TYPE_CHECKING:
    from pydantic import BaseModel


@cache
def _loader() -> Any:
    """YAML's safe loader, except that a scalar shaped like a date but not one (2009-02-30) stays text, so that the
    model it is validated against reports it with its field name instead of the loader failing without one."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
        try:
            return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
        except ValueError:
            return loader.construct_scalar(node)

    Loader.add_constructor("tag:yaml.org,2002:timestamp", timestamp)
    return Loader


def read_yaml(path: Path, option: str = "--file") -> Any:
    import yaml

    if not path.is_file():
        raise UserError(f"{option}: {path} is not a readable file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{option}: cannot read {path}: {exc}") from None
    try:
        return yaml.load(text, Loader=_loader())  # a subclass of SafeLoader: safe
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" at line {where.line + 1}, column {where.column + 1}" if where else ""
        raise UserError(
            f"{option}: {path} is not valid YAML or JSON{at}: {getattr(exc, 'problem', exc)}"
        ) from None


def with_manifests(data: Any, manifests: dict[str, Path | None]) -> Any:
    """`data` with its personnel and/or equipment lists replaced by those of CSV or XLSX manifests."""
    from sofadesk.cases.manifests import ManifestError, parse_manifest

    for kind, manifest in manifests.items():
        if manifest is None:
            continue
        if not manifest.is_file():
            raise UserError(f"--{kind}: {manifest} is not a readable file")
        try:
            items = parse_manifest(kind, manifest.name, manifest.read_bytes())  # type: ignore[arg-type]
        except ManifestError as exc:
            raise UserError(f"--{kind}: {manifest}: {exc}") from None
        if isinstance(data, dict):
            data[kind] = [i.model_dump(mode="json") for i in items]
    return data


def validated(model: type[BaseModel], data: Any, where: str, whole: str = "body") -> Any:
    """`data` as `model`, or a UserError listing each problem with its field path (`whole` names the root)."""
    from pydantic import ValidationError

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = [
            f"{'.'.join(map(str, e['loc'])) or whole}: {e['msg'].removeprefix('Value error, ')}"
            for e in exc.errors()
        ]
        raise UserError(f"{where} cannot be used:\n  - " + "\n  - ".join(problems[:20])) from None
