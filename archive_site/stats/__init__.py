"""Statistics (统计分析, issue #16): the figures a head of agency opens monthly.

Every figure is computed by the database (GROUP BY, conditional counts and
sums, months and days in China's time zone); Python only arranges the few
aggregated rows into tables. `scope` says whose figures a user may see and
which cases a filter selects; `figures_*` compute one figure each as a
`Figure` (titled tables); `charts` draws a table as server-side SVG;
`workbook` writes figures to XLSX; `views` and `hooks` are the admin pages.
"""
