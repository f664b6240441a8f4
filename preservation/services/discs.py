"""Optical-disc export of sealed AIPs (DA/T 38-2021 CD/DVD, DA/T 74-2019 BD-R).

The job in three steps, each in its own module:

- `disc_plan` (`discs_plan`): which package, or part of one, goes on which
  disc of a medium; packages larger than a disc span several as BagIt parts
  (`discs_bags`);
- `disc_write` (`discs_iso`): one planned disc as an ISO 9660 + Rock Ridge +
  UDF image (`discs_image`) with its manifest and label sheet
  (`discs_label`), entered in the disc register;
- `disc_verify` (`discs_verify`): read a disc or its image back and record a
  `DiscCheck`.

`discs_due_for_sampling` (a selector) names the discs to read back this year.
Access logging is the caller's: preservation may not import access_control.
"""

from preservation.selectors import discs_due_for_sampling
from preservation.services.discs_bags import DiscError
from preservation.services.discs_image import DiscWriteError
from preservation.services.discs_iso import disc_write
from preservation.services.discs_label import disc_label_pdf
from preservation.services.discs_plan import (
    MEDIA,
    DiscPlan,
    DiscPlanError,
    Medium,
    disc_plan,
)
from preservation.services.discs_verify import DiscVerifyError, disc_verify

__all__ = [
    "MEDIA",
    "DiscError",
    "DiscPlan",
    "DiscPlanError",
    "DiscVerifyError",
    "DiscWriteError",
    "Medium",
    "disc_label_pdf",
    "disc_plan",
    "disc_verify",
    "disc_write",
    "discs_due_for_sampling",
]
