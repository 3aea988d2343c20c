"""Pure functions: document bytes in, report data out. No network, no database.

PARSER_VERSION is stored with every parsed row; bump it whenever a change can alter what
the parsers return, so `nianbao process --all` knows which rows are stale.
"""

PARSER_VERSION = "2"
