"""The layers after RFC 8493: profile, case.json, four-property check.

A producer's package with faults in every layer hears of all of them in one
report, in the order of the layers; a good package passes, as a folder or a
zip. No database is touched (no `django_db` mark: any query would fail).
"""

from preservation.services.bag_validate.package import bag_validate
from tests.preservation.builders import (
    CASE_JSON,
    PHOTO,
    bag_info_set,
    case_read,
    case_write,
    rebag,
    zip_bag,
)


def _codes(report):
    return [(e.code, e.file, e.field) for e in report.issues.errors]


def test_the_sample_packages_are_valid(example_bag):
    report = bag_validate(example_bag())

    assert report.valid, report.as_dict()


def test_a_zipped_package_is_checked_like_its_folder(example_bag):
    bag = example_bag()
    (bag / "data/materials/smuggled.pdf").write_bytes(b"%PDF-1.4\n")

    report = bag_validate(zip_bag(bag))

    assert ("file_not_in_manifest", "data/materials/smuggled.pdf", "") in _codes(report)


def test_profile_schema_and_four_property_errors_are_reported_together(example_bag):
    bag = example_bag()
    document = case_read(bag)
    del document["case"]["title"]
    document["case"]["category"] = "parking_ticket"
    case_write(bag, document)
    (bag / PHOTO).write_bytes((bag / PHOTO).read_bytes()[:400])
    rebag(bag, algorithms=["md5"])
    bag_info_set(bag, **{"Bagging-Date": None})

    report = bag_validate(bag)

    found = _codes(report)
    expected = [
        ("manifest_algorithm_refused", "manifest-sha256.txt", ""),  # profile
        ("bag_info_missing", "bag-info.txt", "Bagging-Date"),  # profile
        ("schema_violation", CASE_JSON, "case.category"),  # case.json
        ("schema_violation", CASE_JSON, "case.title"),  # case.json
        ("image_undecodable", PHOTO, ""),  # four-property check
    ]
    assert sorted(found) == sorted(expected)
    layers = [found.index(e) for e in expected]
    assert layers[1] < layers[2] and layers[3] < layers[4]
    category = report.issues.errors[found.index(expected[2])]
    text = (bag / CASE_JSON).read_text("utf-8").splitlines()
    assert '"category": "parking_ticket"' in text[category.line - 1]
    undecodable = report.issues.errors[found.index(expected[-1])]
    assert undecodable.message.startswith("可用性：图像无法解码")


def test_without_the_profile_only_rfc_8493_is_checked(example_bag):
    bag = example_bag()
    rebag(bag, algorithms=["md5"])
    bag_info_set(bag, **{"Bagging-Date": None})

    assert bag_validate(bag, profile=False).valid
    assert not bag_validate(bag).valid


def test_four_property_warnings_do_not_make_a_package_invalid(example_bag):
    bag = example_bag()
    bag_info_set(bag, **{"Source-Organization": "另一个机关"})

    report = bag_validate(bag)

    assert report.valid, report.as_dict()
    warning = report.as_dict()["warnings"][0]
    assert warning["code"] == "source_organization_mismatch"
    assert warning["file"] == "bag-info.txt"


def test_a_path_that_does_not_exist_is_reported(tmp_path):
    report = bag_validate(tmp_path / "nowhere")

    assert _codes(report) == [("not_found", str(tmp_path / "nowhere"), "")]


def test_an_archive_that_is_not_a_package_is_named(tmp_path):
    fake = tmp_path / "案卷.zip"
    fake.write_bytes(b"PK\x03\x04 not really a zip")

    report = bag_validate(fake)

    assert not report.valid
    assert all(e.file for e in report.issues.errors), report.as_dict()
