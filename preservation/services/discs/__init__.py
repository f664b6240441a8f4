"""Optical-disc export of sealed AIPs (DA/T 38-2021 CD/DVD, DA/T 74-2019 BD-R).

The job in three steps, one concept a module of this package:

- `plan.disc_plan`: which package, or part of one, goes on which disc of a
  medium; packages larger than a disc span several as BagIt parts (`parts`,
  which also reads and checks a package's files before anything is burned);
- `write.disc_write`: one planned disc as an ISO 9660 + Rock Ridge + UDF image
  (`image`) with its manifest and label sheet (`label`), entered in the disc
  register;
- `verify.disc_verify`: read a disc or its image back and record a
  `DiscCheck`.

`exports` runs the three for a `DiscExport` started from the browser, as a
background job. `discs_due_for_sampling` (a selector) names the discs to read
back this year. Once a package on a disc is destroyed, `disposal` lists the
discs the custodian must destroy or re-burn and `dispose.disc_dispose`
records what was done, before two witnesses. Callers import from this
package, not from its modules (tests may reach into them). Access logging
is the caller's: preservation may not import access_control.
"""

from preservation.selectors import discs_due_for_sampling
from preservation.services.discs.disposal import (
    DisposalRow,
    disc_disposal_rows,
    discs_needing_disposal,
    disposal_row,
)
from preservation.services.discs.dispose import disc_dispose
from preservation.services.discs.exports import (
    disc_export_create,
    disc_export_dir,
    disc_export_files,
    disc_export_run,
)
from preservation.services.discs.image import DiscWriteError
from preservation.services.discs.label import disc_label_pdf
from preservation.services.discs.parts import DiscError
from preservation.services.discs.plan import (
    MEDIA,
    DiscPlan,
    DiscPlanError,
    Medium,
    disc_plan,
)
from preservation.services.discs.verify import DiscVerifyError, disc_verify
from preservation.services.discs.write import disc_write

__all__ = [
    "MEDIA",
    "DiscError",
    "DiscPlan",
    "DiscPlanError",
    "DiscVerifyError",
    "DiscWriteError",
    "DisposalRow",
    "Medium",
    "disc_disposal_rows",
    "disc_dispose",
    "disc_export_create",
    "disc_export_dir",
    "disc_export_files",
    "disc_export_run",
    "disc_label_pdf",
    "disc_plan",
    "disc_verify",
    "disc_write",
    "discs_due_for_sampling",
    "discs_needing_disposal",
    "disposal_row",
]
