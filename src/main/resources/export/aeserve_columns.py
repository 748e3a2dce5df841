"""Encode table rows as an aeserve version trained on a table does, from the columns.json of its export.

    from aeserve_columns import load_columns, encode, per_column
    columns = load_columns("path/to/unzipped/archive")
    inputs = encode(columns, [{"V1": "y", "V2": None, "Class": "democrat"}])   # the model's inputs, data units
    per_column(columns, input_errors)   # errors of each input summed per column, as perFeature reports them

Needs only the standard library. A numeric column gives its value (the training median where missing) and, when
the training rows had missing values, a 0/1 missing indicator; a categorical or boolean column one input per kept
category ("" is the category of a missing value) and a last one for every other category; ignored and label
columns give nothing. A name the table did not have is refused, as the service refuses it.
"""
import json
import os
from decimal import Decimal, InvalidOperation

_MISSING = {"", "na", "n/a", "nan", "null", "?"}


def load_columns(folder):
    """The table's columns, in order, as columns.json holds them."""
    with open(os.path.join(folder, "columns.json")) as file:
        return json.load(file)["columns"]


def _text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else repr(value)


def _missing(value):
    return value is None or _text(value).strip().lower() in _MISSING


def canonical(text):
    """One text per category: stripped, and a number written plainly without trailing zeros ("3.0" is "3")."""
    stripped = text.strip()
    if not stripped or not (stripped[-1].isdigit() or stripped.endswith(".")) or "_" in stripped:
        return stripped
    try:
        number = Decimal(stripped)
    except InvalidOperation:
        return stripped
    if not number.is_finite():
        return stripped
    number = number.normalize()
    parts = number.as_tuple()
    if abs(parts.exponent) > 64 or len(parts.digits) > 64:
        return stripped
    return format(number, "f")


def width(column):
    if column["kind"] == "numeric":
        return 2 if column.get("missingIndicator") else 1
    if column["kind"] in ("categorical", "boolean"):
        return len(column["categories"]) + 1
    return 0


def encode(columns, rows):
    """Rows given as dicts by column name (values as text or numbers; None or absent is missing) as input lists."""
    names = {column["name"] for column in columns}
    encoded = []
    for index, row in enumerate(rows):
        unknown = set(row) - names
        if unknown:
            raise ValueError(f"row {index} has the fields {sorted(unknown)}, which are no columns of the table")
        values = []
        for column in columns:
            value = row.get(column["name"])
            missing = _missing(value)
            if column["kind"] == "numeric":
                values.append(column["median"] if missing else float(_text(value)))
                if column.get("missingIndicator"):
                    values.append(1.0 if missing else 0.0)
            elif column["kind"] in ("categorical", "boolean"):
                categories = column["categories"]
                category = "" if missing else canonical(_text(value))
                hot = [0.0] * (len(categories) + 1)
                hot[categories.index(category) if category in categories else len(categories)] = 1.0
                values.extend(hot)
        encoded.append(values)
    return encoded


def per_column(columns, errors):
    """Each row's per-input errors summed per input column: (names, rows of sums)."""
    inputs = [column for column in columns if width(column) > 0]
    sums = []
    for row in errors:
        at, summed = 0, []
        for column in inputs:
            summed.append(float(sum(row[at:at + width(column)])))
            at += width(column)
        sums.append(summed)
    return [column["name"] for column in inputs], sums
