"""The published figures the demo records must reproduce, and the plausible ones around them.

Published (West Midlands PCC annual reports 2019/20, 2022/23 and 2024/25):
- custody visits: 260 in 2019/20 across 4 suites, 227 in 2022/23, 251 in 2024/25;
- welfare checks (detainees who accepted a visit): 1,933 in 2019/20 (the detainee table),
  1,535 in 2022/23, 1,378 in 2024/25;
- custody visitors: 64 (2019/20), 30 (2022/23), 48 (2024/25); appropriate adults: 20 (2022/23),
  14 (2024/25);
- AA detainees supported: 858 (2022/23), 911 (2023/24, from "+569 on 23/24"), 1,480 (2024/25);
  AA visits (attendances) 828 in 2019/20.
The 2019/20 detainee table is recorded row by row as printed, except Young people / Females
(printed offered 24, accepted 27, refused -3, which no record can hold): recorded as the nearest
valid counts, offered raised to the 27 accepted and refused 0, so the pack's computed totals show
what the printed ones should have been. Years without a published figure get plausible ones.
"""

from __future__ import annotations

# (age group, sex): (detained, offered, accepted, refused), 2019/20.
DETAINEES_2019 = {
    ("adult", "male"): (3217, 1831, 1428, 403),
    ("adult", "female"): (438, 314, 255, 59),
    ("adult", "other"): (40, 35, 21, 14),
    ("young", "male"): (302, 213, 198, 15),
    ("young", "female"): (37, 27, 27, 0),  # printed 37, 24, 27, -3
    ("young", "other"): (4, 4, 4, 0),
}
SUITES_2019 = ("Perry Barr", "Oldbury", "Wolverhampton", "Coventry")

# Visits per financial year (start year); the current year is scaled to the days gone.
VISITS = {2019: 260, 2020: 148, 2021: 205, 2022: 227, 2023: 236, 2024: 251, 2025: 244, 2026: 240}
# Detainees who accepted a visit, where published; other years about six per visit.
ACCEPTED = {2022: 1535, 2024: 1378}
# Share of the accepted in each cell (other years), and refused per accepted, detained per offered.
CELL_SHARES = {
    ("adult", "male"): 0.82,
    ("adult", "female"): 0.13,
    ("adult", "other"): 0.01,
    ("young", "male"): 0.03,
    ("young", "female"): 0.008,
    ("young", "other"): 0.002,
}
REFUSED_PER_ACCEPTED = 0.26
DETAINED_PER_OFFERED = 1.65

# AA call-outs completed (detainees supported) per year; attendances published for 2019/20.
SUPPORTED = {2019: 612, 2020: 655, 2021: 742, 2022: 858, 2023: 911, 2024: 1480, 2025: 1402, 2026: 1420}
ATTENDANCES = {2019: 828}
UNFILLED_SHARE = 0.03
CANCELLED_SHARE = 0.02

# Volunteers: custody visitors active on 31 March 2020, 2023 and 2025 are 64, 30 and 48;
# appropriate adults on 31 March 2023 and 2025 are 20 and 14.
ICV_STAYING = 30  # appointed by 2019, still active
ICV_LEFT_2020_2023 = 34  # appointed by 2019, left between April 2020 and March 2023
ICV_JOINED_2023_2025 = 18  # appointed April 2023 to March 2025, still here (two suspended since)
AA_STAYING = 14
AA_LEFT_2023_24 = 6  # appointed by March 2022, left during 2023/24
