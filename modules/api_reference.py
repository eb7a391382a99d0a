"""The API reference page, rendered from code/openapi.yaml in the page's language.

The contract has one source: the OpenAPI file. Its `description` fields are English and its
`x-description-es` (and `x-summary-es`) fields Spanish; this module turns it into Markdown
tables, so the site needs no renderer of its own and no script from a CDN.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

SPEC_PATH = Path(__file__).resolve().parents[1] / "code" / "openapi.yaml"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

LABELS = {
    "es": {
        "servers": "Servidores",
        "security": "Autenticación",
        "operations": "Operaciones",
        "schemas": "Esquemas",
        "url": "URL",
        "scheme": "Esquema",
        "kind": "Tipo",
        "field": "Campo",
        "type": "Tipo",
        "rules": "Reglas",
        "required": "obligatorio",
        "optional": "opcional",
        "default": "por defecto",
        "status": "Estado",
        "headers": "Cabeceras",
        "body": "Cuerpo",
        "request": "Petición",
        "responses": "Respuestas",
        "none": "ninguna",
        "open": "Sin autenticación en API Gateway.",
        "then": "Después",
        "extra": "Un objeto JSON sin otros campos.",
        "meaning": "Significado",
        "about": "Descripción",
    },
    "en": {
        "servers": "Servers",
        "security": "Authentication",
        "operations": "Operations",
        "schemas": "Schemas",
        "url": "URL",
        "scheme": "Scheme",
        "kind": "Kind",
        "field": "Field",
        "type": "Type",
        "rules": "Rules",
        "required": "required",
        "optional": "optional",
        "default": "default",
        "status": "Status",
        "headers": "Headers",
        "body": "Body",
        "request": "Request",
        "responses": "Responses",
        "none": "none",
        "open": "No authentication at API Gateway.",
        "then": "Then",
        "extra": "A JSON object with no other fields.",
        "meaning": "Meaning",
        "about": "Description",
    },
}


def load_spec(path: Path = SPEC_PATH) -> dict[str, Any]:
    """Read the OpenAPI document."""
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(spec, dict):
        raise ValueError(f"{path} is not an OpenAPI document")
    return spec


def operations(spec: Mapping[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Yield (path, METHOD, operation) for every operation, in the file's order."""
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method.upper(), item[method]


# API Gateway's authorizationType for each `x-amazon-apigateway-authtype` of a security scheme.
# A scheme without one is checked by the function, so API Gateway lets the request through.
AUTHORIZATION_TYPES = {"cognito_user_pools": "COGNITO_USER_POOLS"}
FUNCTION_CHECKED = "NONE"


def gateway_authorization(spec: Mapping[str, Any], operation: Mapping[str, Any]) -> str:
    """Return the authorizationType API Gateway's method needs for an operation's security."""
    schemes = spec["components"]["securitySchemes"]
    requirements = operation.get("security", spec.get("security", []))
    kinds = {
        AUTHORIZATION_TYPES[schemes[name]["x-amazon-apigateway-authtype"]]
        for requirement in requirements
        for name in requirement
        if "x-amazon-apigateway-authtype" in schemes[name]
    }
    if len(kinds) > 1:
        raise ValueError(f"{operation.get('operationId')}: one method has one authorizer")
    return kinds.pop() if kinds else FUNCTION_CHECKED


def text(node: Mapping[str, Any], lang: str, key: str = "description") -> str:
    """Return a node's description (or summary) in lang; English is the default field."""
    if lang != "en":
        translated = node.get(f"x-{key}-{lang}")
        if translated:
            return str(translated).strip()
    return str(node.get(key, "")).strip()


def resolve(spec: Mapping[str, Any], node: Mapping[str, Any]) -> dict[str, Any]:
    """Follow a local $ref (#/a/b/c) until a node without one."""
    while "$ref" in node:
        found: Any = spec
        for part in str(node["$ref"]).removeprefix("#/").split("/"):
            found = found[part]
        node = found
    return dict(node)


def cell(value: str) -> str:
    """Make text safe inside a Markdown table cell."""
    return " ".join(value.split()).replace("|", "\\|")


def schema_name(node: Mapping[str, Any]) -> str | None:
    ref = node.get("$ref")
    return str(ref).rsplit("/", 1)[-1] if ref and "/schemas/" in str(ref) else None


def type_of(spec: Mapping[str, Any], node: Mapping[str, Any]) -> str:
    """Return a short type: `integer`, `string (date-time)`, or a link to a schema."""
    name = schema_name(node)
    if name and name in spec["components"]["schemas"]:
        return f"[{name}](#schema-{name.lower()})"
    schema = resolve(spec, node)
    kind = str(schema.get("type", "object"))
    return f"{kind} ({schema['format']})" if "format" in schema else kind


def rules(schema: Mapping[str, Any], lang: str) -> str:
    """Return a field's constraints as short text."""
    parts = []
    for key, symbol in (("minimum", "≥"), ("maximum", "≤")):
        if key in schema:
            parts.append(f"{symbol} {schema[key]}")
    if "minLength" in schema or "maxLength" in schema:
        low, high = schema.get("minLength", 0), schema.get("maxLength", "∞")
        parts.append(f"{low}…{high} chars" if lang == "en" else f"{low}…{high} caracteres")
    if "pattern" in schema:
        parts.append(f"`{schema['pattern']}`")
    if "const" in schema:
        parts.append(f"`{schema['const']}`")
    if "default" in schema:
        parts.append(f"{LABELS[lang]['default']} {schema['default']}")
    return ", ".join(parts)


def schema_table(spec: Mapping[str, Any], schema: Mapping[str, Any], lang: str) -> list[str]:
    """Return the Markdown table of an object schema's fields."""
    labels = LABELS[lang]
    required = set(schema.get("required", []))
    lines = [
        f"| {labels['field']} | {labels['type']} | {labels['rules']} | {labels['about']} |",
        "|---|---|---|---|",
    ]
    for name, node in schema.get("properties", {}).items():
        field = resolve(spec, node)
        need = labels["required"] if name in required else labels["optional"]
        constraints = cell(", ".join(filter(None, [need, rules(field, lang)])))
        kind = type_of(spec, node)
        lines.append(f"| `{name}` | {kind} | {constraints} | {cell(text(field, lang))} |")
    return lines


def security_text(spec: Mapping[str, Any], operation: Mapping[str, Any], lang: str) -> str:
    requirements = operation.get("security", spec.get("security", []))
    names = [name for requirement in requirements for name in requirement]
    if not names:
        return LABELS[lang]["open"]
    return ", ".join(f"[`{name}`](#security-{name.lower()})" for name in names)


def response_rows(spec: Mapping[str, Any], operation: Mapping[str, Any], lang: str) -> list[str]:
    labels = LABELS[lang]
    lines = [
        f"| {labels['status']} | {labels['meaning']} | {labels['headers']} | {labels['body']} |",
        "|---|---|---|---|",
    ]
    for status, node in operation["responses"].items():
        response = resolve(spec, node)
        headers = ", ".join(f"`{name}`" for name in response.get("headers", {}))
        media = response.get("content", {}).get("application/json")
        body = type_of(spec, media["schema"]) if media else ""
        lines.append(f"| **{status}** | {cell(text(response, lang))} | {headers} | {body} |")
    return lines


def render(spec: Mapping[str, Any], lang: str) -> str:
    """Render the whole reference as Markdown in lang (es or en)."""
    labels = LABELS[lang]
    info = spec["info"]
    out = [text(info, lang, "description"), ""]

    out += [f"## {labels['servers']} {{ #servers }}", ""]
    out += [f"| {labels['url']} | {labels['about']} |", "|---|---|"]
    out += [f"| `{server['url']}` | {cell(text(server, lang))} |" for server in spec["servers"]]

    out += ["", f"## {labels['security']} {{ #security }}", ""]
    out += [f"| {labels['scheme']} | {labels['kind']} | {labels['about']} |", "|---|---|---|"]
    for name, scheme in spec["components"]["securitySchemes"].items():
        kind = " ".join(str(scheme[key]) for key in ("type", "scheme") if key in scheme)
        out.append(
            f'| <span id="security-{name.lower()}"></span>`{name}` | {kind} '
            f"| {cell(text(scheme, lang))} |"
        )

    out += ["", f"## {labels['operations']} {{ #operations }}"]
    for path, method, operation in operations(spec):
        anchor = operation["operationId"].lower()
        out += ["", f"### {method} {path} {{ #{anchor} }}", ""]
        out += [f"**{text(operation, lang, 'summary')}.** {text(operation, lang)}", ""]
        out += [f"**{labels['security']}:** {security_text(spec, operation, lang)}", ""]
        body = operation.get("requestBody")
        if body:
            media = resolve(spec, body)["content"]["application/json"]
            out += [
                f"**{labels['request']}** (`application/json`): {type_of(spec, media['schema'])}"
            ]
            if "example" in media:
                out += ["", "```json", json.dumps(media["example"]), "```"]
            out.append("")
        out += [f"**{labels['responses']}:**", ""]
        out += response_rows(spec, operation, lang)
        for status, node in operation["responses"].items():
            for link in resolve(spec, node).get("links", {}).values():
                target = link["operationId"]
                out += [
                    "",
                    f"{labels['then']} ({status}): [{target}](#{target.lower()}) — "
                    f"{text(link, lang)} "
                    + ", ".join(f"`{k}: {v}`" for k, v in link.get("parameters", {}).items()),
                ]

    out += ["", f"## {labels['schemas']} {{ #schemas }}"]
    for name, schema in spec["components"]["schemas"].items():
        out += ["", f"### {name} {{ #schema-{name.lower()} }}", ""]
        description = text(schema, lang)
        if not description and schema.get("additionalProperties") is False:
            description = labels["extra"]
        if description:
            out += [description, ""]
        out += schema_table(spec, schema, lang)
    return "\n".join(out) + "\n"
