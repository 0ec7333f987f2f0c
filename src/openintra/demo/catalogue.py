"""demo.catalogue: the fixed reference data of a synthetic network (campus, cursus, projects…).

Values are invented or public reference data (flag names, skill names); no real person appears.
"""

from __future__ import annotations

LANGUAGES = [
    (1, "Français", "fr"), (2, "English", "en"), (3, "Español", "es"), (4, "Deutsch", "de"),
    (5, "日本語", "ja"), (6, "Português", "pt"),
]  # fmt: skip

# id, name, slug, time zone, language id, country, city, zip, weight (share of users)
CAMPUS = [
    (1, "Campus Alpha", "alpha", "Europe/Paris", 1, "France", "Paris", "75017", 30),
    (7, "Campus Beta", "beta", "Europe/Madrid", 3, "Spain", "Madrid", "28001", 15),
    (12, "Campus Gamma", "gamma", "Asia/Tokyo", 5, "Japan", "Tokyo", "106-0032", 15),
    (21, "Campus Delta", "delta", "Europe/Berlin", 4, "Germany", "Berlin", "10115", 15),
    (38, "Campus Epsilon", "epsilon", "Europe/Lisbon", 6, "Portugal", "Lisbon", "1100-001", 10),
    (44, "Campus Zeta", "zeta", "America/New_York", 2, "United States", "New York", "10001", 15),
]

# id, name, slug, kind
CURSUS = [
    (1, "42", "42", "main_deprecated"),
    (9, "C Piscine", "c-piscine", "piscine"),
    (21, "42cursus", "42cursus", "main"),
    (66, "C-Piscine-Reloaded", "c-piscine-reloaded", "external"),
]
PISCINE, MAIN = 9, 21

SKILLS = [
    (1, "algorithms-ai", "Algorithms & AI"), (2, "imperative-programming", "Imperative programming"),
    (3, "rigor", "Rigor"), (4, "unix", "Unix"), (5, "graphics", "Graphics"), (6, "web", "Web"),
    (7, "group-interpersonal", "Group & interpersonal"),
    (10, "network-system-administration", "Network & system administration"),
    (11, "security", "Security"), (12, "db-data", "DB & Data"),
    (14, "adaptation-creativity", "Adaptation & creativity"),
    (15, "technology-integration", "Technology integration"), (16, "company-experience", "Company experience"),
    (17, "object-oriented-programming", "Object-oriented programming"),
]  # fmt: skip

FLAGS = [
    (1, "Ok", True, "check-4"), (2, "Empty work", False, "iconf-folder-1"),
    (3, "Incomplete work", False, "file-attention"), (5, "Invalid compilation", False, "skull-2"),
    (6, "Norme", False, "receipt-1"), (7, "Cheat", False, "layers"), (8, "Crash", False, "bomb"),
    (9, "Outstanding project", True, "star-1"), (11, "Concerning situation", False, "alert-2"),
    (12, "Leaks", False, "blood"), (13, "Forbidden Function", False, "delete-2"),
    (14, "Can’t support / explain code", False, "bubble-attention-4"),
]  # fmt: skip

# name, cursus, difficulty (XP), exam, group size, estimated days
PROJECTS = [
    ("C Piscine Shell 00", PISCINE, 0, False, 1, 1), ("C Piscine Shell 01", PISCINE, 0, False, 1, 1),
    ("C Piscine C 00", PISCINE, 0, False, 1, 1), ("C Piscine C 01", PISCINE, 0, False, 1, 1),
    ("C Piscine C 02", PISCINE, 0, False, 1, 1), ("C Piscine C 03", PISCINE, 0, False, 1, 1),
    ("C Piscine C 04", PISCINE, 0, False, 1, 1), ("C Piscine C 05", PISCINE, 0, False, 1, 2),
    ("C Piscine C 06", PISCINE, 0, False, 1, 1), ("C Piscine C 07", PISCINE, 0, False, 1, 2),
    ("C Piscine Rush 00", PISCINE, 0, False, 3, 2), ("C Piscine Exam 00", PISCINE, 0, True, 1, 1),
    ("C Piscine Final Exam", PISCINE, 0, True, 1, 1),
    ("Libft", MAIN, 462, False, 1, 7), ("ft_printf", MAIN, 882, False, 1, 7),
    ("get_next_line", MAIN, 882, False, 1, 7), ("Born2beroot", MAIN, 577, False, 1, 7),
    ("so_long", MAIN, 1000, False, 1, 14), ("pipex", MAIN, 1142, False, 1, 14),
    ("push_swap", MAIN, 1855, False, 1, 14), ("Exam Rank 02", MAIN, 0, True, 1, 1),
    ("minishell", MAIN, 2814, False, 2, 28), ("Philosophers", MAIN, 3360, False, 1, 14),
    ("Exam Rank 03", MAIN, 0, True, 1, 1), ("NetPractice", MAIN, 3160, False, 1, 7),
    ("cub3d", MAIN, 5775, False, 2, 21), ("CPP Module 00", MAIN, 0, False, 1, 3),
    ("CPP Module 01", MAIN, 0, False, 1, 3), ("CPP Module 02", MAIN, 0, False, 1, 3),
    ("Exam Rank 04", MAIN, 0, True, 1, 1), ("Inception", MAIN, 10042, False, 1, 21),
    ("webserv", MAIN, 21630, False, 3, 35), ("Exam Rank 05", MAIN, 0, True, 1, 1),
    ("ft_transcendence", MAIN, 24360, False, 4, 42), ("Exam Rank 06", MAIN, 0, True, 1, 1),
]  # fmt: skip
CPP_PARENT = "CPP Modules"

TITLES = [
    "%login the Kind",
    "%login, Master of the Shell",
    "Fullstack %login",
    "%login the Resilient",
    "Captain %login",
    "%login, Keeper of Norms",
    "%login the Curious",
    "Doctor %login",
]

# name, kind, tier, description
ACHIEVEMENTS = [
    ("Welcome, Cadet !", "project", "none", "You passed the C Piscine."),
    ("Film buff", "pedagogy", "none", "Watch one video."), ("Bookworm", "pedagogy", "easy", "Read ten subjects."),
    ("Home is where the code is", "scolarity", "easy", "Log in at school on 10 consecutive days."),
    ("Attendee", "social", "none", "Attend one event."), ("Sharer", "social", "easy", "Give a talk at an event."),
    ("Code Explorer", "project", "easy", "Validate your first project."),
    ("Rigorous Basterd", "pedagogy", "medium", "Validate three projects in a row with no retry."),
    ("Perfectionist", "project", "hard", "Validate a project with the maximum mark."),
    ("I'm reliable!", "scolarity", "none", "Take part in 21 evaluations without missing one."),
    ("Evaluation Machine", "pedagogy", "challenge", "Evaluate 100 projects."),
    ("Outstanding", "project", "medium", "Receive an outstanding flag."),
]  # fmt: skip

COALITIONS = [("The Order", "#4180DB"), ("The Alliance", "#33C47F"), ("The Federation", "#A061D1"),
              ("The Assembly", "#F26E55")]  # fmt: skip

# name, kind, position, campus (None: every campus)
QUESTS = [
    ("Common Core", "main", 1, None),
    ("Inner circle", "main", 2, None),
    ("Piscine", "secondary", 3, None),
    ("Alpha welcome", "secondary", 4, 1),
    ("Gamma welcome", "secondary", 5, 12),
]
GRADES = [(1, "Learner", 1), (2, "Member", 2)]

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"]  # fmt: skip
