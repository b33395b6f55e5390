"""Validates a 360Giving package (argument 1) against the official schemas kept
beside this file, offline: the package schema's reference to the grant schema
by URL is mapped to the local copy. Prints "valid" or the errors; exit 1 on errors."""
import json, sys, pathlib
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

here = pathlib.Path(__file__).parent
package = json.loads((here / "360-giving-package-schema.json").read_text())
grant = json.loads((here / "360-giving-schema.json").read_text())
# The files name their dialect with an http:// URL that referencing does not
# recognise; it is draft 2020-12, so say so.
resource = DRAFT202012.create_resource(grant)
registry = Registry().with_resources([
    (grant["$id"], resource),
    ("https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json", resource),
])
data = json.loads(pathlib.Path(sys.argv[1]).read_text())
validator = Draft202012Validator(package, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)
errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
for error in errors:
    print("/".join(str(p) for p in error.path), error.message)
print("valid" if not errors else f"{len(errors)} errors")
sys.exit(1 if errors else 0)
