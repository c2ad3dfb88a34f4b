"""Runs the released Microsoft Recognizers-Text on JSONL articles, for a side-by-side throughput number.

Executed by a separate virtualenv's python (recognizers-text-suite needs emoji<2, which we do not
want in the project), so it imports nothing from newsfacts. Reads JSONL on stdin, prints one JSON
summary line: documents, characters, mentions, seconds.
"""

import json
import sys
import time

from recognizers_suite import Culture, recognize_currency, recognize_dimension, recognize_number, recognize_percentage

# The released Python package has no German and no Indonesian model: those articles run with English rules.
CULTURES = {"fr": Culture.French, "en": Culture.English, "es": Culture.Spanish,
            "pt": Culture.Portuguese, "nl": Culture.Dutch, "it": Culture.Italian}
MODELS = (recognize_number, recognize_currency, recognize_dimension, recognize_percentage)


def main() -> None:
    articles = [json.loads(line) for line in sys.stdin if line.strip()]
    for culture in set(CULTURES.values()):  # warm up: the first call per culture builds its models
        for model in MODELS:
            model("1", culture)
    documents = characters = mentions = 0
    started = time.perf_counter()
    for article in articles:
        culture = CULTURES.get(article.get("lang") or "en", Culture.English)
        text = article["text"]
        for model in MODELS:
            mentions += len(model(text, culture))
        documents += 1
        characters += len(text)
    seconds = time.perf_counter() - started
    print(json.dumps({"documents": documents, "characters": characters, "mentions": mentions, "seconds": seconds}))


if __name__ == "__main__":
    main()
