"""Data shown as text: a value from the data reaches the screen as itself, not as Markdown or HTML.

Streamlit reads st.markdown, st.caption, st.info/warning/success/error, titles and subheaders,
and the labels and help of metrics and widgets as Markdown, with images, links, LaTeX, colour
directives, emoji shortcodes and typographic arrows: a partner named `![x](http://host/x.png)`
would make every viewer's browser fetch that address. Wherever a page or component puts a value
that came from the data (a partner, customer, CAM, tier, product or file name, an error message
quoting one) into such a string, it passes through `literal`.
"""

from __future__ import annotations

import re

# CommonMark shows a backslash-escaped punctuation mark as itself. These marks start Markdown,
# HTML, LaTeX or a Streamlit directive (":red[…]", ":blue-badge[…]") anywhere in a line; a "$"
# followed by a digit can never close LaTeX, so "$5" stays as it is.
_ANYWHERE = re.compile(r"[\\`*_\[\]<>~]|\$(?!\d)|&(?=#?\w+;)|:(?=[A-Za-z])")
# These start a heading, list or setext underline only at the start of a line.
_BLOCK_START = re.compile(r"^(?:[#+=-]|\d+[.)])")
# Streamlit finds these in the text it has already parsed, escapes or not: web and e-mail
# addresses (made links), ":tada:" and ":material/home:" (made icons), " -- " and " -> " between
# spaces (made dashes and arrows). An invisible word joiner breaks each pattern.
_AUTOLINK = re.compile(r"(?i)\b(?:https?|ftp|mailto|xmpp)(?=:)|\bwww(?=\.)|@")
_SHORTCODE = re.compile(r":(?=[\w+\-/]+:)")
_TYPOGRAPHY = re.compile(r"(?<!\S)(?:<->|->|<-|--|>=|<=|~=)(?!\S)")
WORD_JOINER = "\u2060"


def literal(value: object) -> str:
    """Markdown that Streamlit shows as exactly `value`, on one line (whitespace runs become one
    space: a line break in a name would otherwise end a headline or start a list).

    Text without a mark that means something to Markdown comes back unchanged ("6-month window",
    "Sky Cloud S.A.", "$1.2M"), so app sentences passed through whole read the same in tests.
    """
    text = " ".join(str(value).split())
    text = _TYPOGRAPHY.sub(lambda sign: WORD_JOINER.join(sign.group()), text)
    text = _SHORTCODE.sub(":" + WORD_JOINER, text)
    text = _AUTOLINK.sub(lambda start: start.group() + WORD_JOINER, text)
    text = _ANYWHERE.sub(lambda mark: "\\" + mark.group(), text)
    return _BLOCK_START.sub(lambda mark: mark.group()[:-1] + "\\" + mark.group()[-1], text)
