"""Build `vectorstore/data/imagenet_concepts.json`: the 1000 ImageNet classes and the words people write for each.

An image classifier says "Samoyed" or "steel arch bridge"; a person searching writes "dog" or "bridge
over the water". Each class gets its own name, the everyday words of its WordNet ancestors ("dog",
"animal") and a few words it implies ("water" for a bridge), so the tagger can say all of them. Run once;
the result is checked in and read at run time, so nothing here is needed to use storycut.

Sources, both read from disk (no network):
- the class list in the classifier's output order and the class names: timm's
  `timm/data/_info/imagenet_synsets.txt` and `imagenet_synset_to_lemma.txt`
  (`pip download --no-deps timm==1.0.31` and unzip the wheel; timm itself is not installed);
- the WordNet 3.0 noun hierarchy: Debian's `wordnet-base` (`/usr/share/wordnet/data.noun`; or
  `apt-get download wordnet-base` and `dpkg -x`). ImageNet id `nXXXXXXXX` is the WordNet 3.0 noun at
  byte offset XXXXXXXX.

Run: `python scripts/imagenet_concepts.py --timm-info DIR [--wordnet DIR]`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "vectorstore" / "data" / "imagenet_concepts.json"
IMPLIED_WEIGHT = 0.5
"""Weight of a word a class suggests rather than shows (a bridge is often, not always, over water)."""

GENERAL: dict[str, tuple[str, ...]] = {
    # WordNet synset (offset) -> the everyday words every class below it also gets.
    "00007846": ("person",),
    "00015388": ("animal",),
    "02084071": ("dog",),
    "02121620": ("cat",),  # true cat: house cats and wildcats; lions and tigers are big cats
    "02127808": ("big cat",),
    "01503061": ("bird",),
    "02512053": ("fish",),
    "01482330": ("shark",),
    "02159955": ("insect",),
    "02274259": ("butterfly",),
    "01772222": ("spider",),
    "01661091": ("reptile",),
    "01726692": ("snake",),
    "01674464": ("lizard",),
    "01662784": ("turtle",),
    "01639765": ("frog",),
    "02484322": ("monkey",),
    "02470325": ("ape",),
    "02131653": ("bear",),
    "02374451": ("horse",),
    "02395003": ("pig",),
    "02402425": ("cattle", "cow"),
    "02411705": ("sheep",),
    "02503517": ("elephant",),
    "02324045": ("rabbit",),
    "02114100": ("wolf",),
    "02118333": ("fox",),
    "02062744": ("whale",),
    "04524313": ("vehicle",),
    "02958343": ("car",),
    "04490091": ("truck",),
    "03790512": ("motorcycle",),
    "02834778": ("bicycle", "bike"),
    "04468005": ("train",),
    "03684823": ("train",),
    "02924116": ("bus",),
    "02686568": ("aircraft",),
    "02691156": ("airplane", "plane"),
    "04530566": ("boat",),
    "04194289": ("ship",),
    "02898711": ("bridge",),
    "02913152": ("building",),
    "03544360": ("house",),
    "04202417": ("shop", "store"),
    "07555863": ("food",),
    "00021265": ("food",),
    "07557434": ("dish",),
    "13134947": ("fruit",),
    "07705931": ("fruit",),
    "07707451": ("vegetable",),
    "07679356": ("bread",),
    "07609840": ("dessert",),
    "03621049": ("kitchen",),
    "03101986": ("cookware",),
    "03800933": ("musical instrument",),
    "03051540": ("clothes",),
    "03497657": ("hat",),
    "04199027": ("shoes",),
    "02872752": ("boots",),
    "03405725": ("furniture",),
    "03001627": ("chair",),
    "04379243": ("table",),
    "02818832": ("bed",),
    "03082979": ("computer",),
    "04401088": ("phone",),
    "03211117": ("screen",),
    "00017222": ("plant",),
    "11669921": ("flower",),
    "12992868": ("mushroom",),
    "04565375": ("weapon",),
    "03467984": ("gun",),
    "04451818": ("tool",),
    "02876657": ("bottle",),
    "02773037": ("bag",),
    "02883344": ("box",),
    "02778669": ("ball",),
}

IMPLIED: dict[str, tuple[str, ...]] = {
    # A class (its first name, or its id where names repeat) or a GENERAL synset -> words it suggests.
    "04530566": ("water",),  # boats and ships
    "02898711": ("water",),  # bridges
    "02512053": ("water",),  # fish
    "02062744": ("sea", "water"),  # whales
    "01317541": ("pet",),  # domestic animals
    "03101986": ("cooking",),
    "03621049": ("cooking",),
    "03800933": ("music",),
    "03051540": ("person",),  # clothes are usually worn
    "seashore": ("beach", "sea", "water"),
    "sandbar": ("beach", "water"),
    "lakeside": ("lake", "water"),
    "promontory": ("coast", "sea"),
    "coral reef": ("sea", "underwater", "water"),
    "alp": ("mountain", "snow"),
    "volcano": ("mountain",),
    "valley": ("mountain", "landscape"),
    "cliff": ("rock", "landscape"),
    "geyser": ("water",),
    "breakwater": ("sea", "water"),
    "dock": ("harbour", "water"),
    "pier": ("bridge", "water"),  # WordNet: a support of a bridge
    "boathouse": ("lake", "water"),
    "fountain": ("water",),
    "dam": ("river", "water"),
    "scuba diver": ("diver", "underwater", "water"),
    "snorkel": ("swimming", "underwater", "water"),
    "swimming trunks": ("swimming", "beach"),
    "bikini": ("woman", "swimming", "beach"),
    "n03710637": ("woman", "swimming"),  # maillot (swimsuit)
    "n03710721": ("woman", "swimming"),  # maillot, tank suit
    "groom": ("man", "wedding"),
    "ballplayer": ("baseball", "player"),
    "ski": ("skiing", "snow"),
    "snowmobile": ("snow",),
    "dogsled": ("snow",),
    "bobsled": ("snow",),
    "snowplow": ("snow",),
    "puck": ("hockey", "ice"),
    "racket": ("tennis",),
    "tennis ball": ("tennis",),
    "soccer ball": ("soccer", "football"),
    "golf ball": ("golf",),
    "golfcart": ("golf",),
    "ping-pong ball": ("table tennis",),
    "rugby ball": ("rugby",),
    "football helmet": ("football",),
    "parallel bars": ("gymnastics",),
    "balance beam": ("gymnastics",),
    "horizontal bar": ("gymnastics",),
    "barbell": ("gym", "exercise"),
    "dumbbell": ("gym", "exercise"),
    "punching bag": ("boxing",),
    "stage": ("concert", "performance"),
    "comic book": ("cartoon", "drawing"),
    "web site": ("website", "computer", "screen"),
    "television": ("tv", "screen"),
    "monitor": ("computer", "screen"),
    "screen": ("computer",),
    "desktop computer": ("screen",),
    "laptop": ("computer",),
    "notebook": ("computer",),
    "cellular telephone": ("phone", "mobile phone"),
    "joystick": ("video game", "game"),
    "lipstick": ("makeup",),
    "face powder": ("makeup",),
    "wig": ("hair",),
    "academic gown": ("graduation", "school"),
    "mortarboard": ("graduation", "school"),
    "library": ("books",),
    "bookshop": ("books",),
    "restaurant": ("food",),
    "grocery store": ("food",),
    "school bus": ("school",),
    "jersey": ("shirt",),
    "sweatshirt": ("shirt",),
    "suit": ("man",),
    "Windsor tie": ("man", "tie"),
    "bow tie": ("man", "tie"),
    "miniskirt": ("woman", "skirt"),
    "gown": ("woman", "dress"),
    "hoopskirt": ("woman", "dress"),
    "overskirt": ("woman", "dress"),
    "abaya": ("woman", "dress"),
    "kimono": ("woman", "dress"),
    "sarong": ("woman", "skirt"),
    "brassiere": ("woman",),
    "racer": ("racing", "car"),  # race car
    "sports car": ("car",),
    "go-kart": ("racing", "kart"),
    "car wheel": ("car",),
    "grille": ("car",),
    "mountain bike": ("bicycle", "bike"),
    "tricycle": ("bicycle",),
    "moped": ("scooter", "motorbike"),
    "motor scooter": ("scooter", "motorbike"),
    "crash helmet": ("helmet", "motorbike"),
    "plate": ("food",),
    "wok": ("cooking", "pan"),
    "frying pan": ("cooking", "pan"),
    "Dutch oven": ("cooking", "pot"),
    "caldron": ("cooking", "pot"),
    "Crock Pot": ("cooking", "pot"),
    "spatula": ("cooking",),
    "ladle": ("cooking",),
    "mixing bowl": ("cooking", "bowl"),
    "wooden spoon": ("cooking", "spoon"),
    "cleaver": ("knife", "cooking"),
    "grand piano": ("piano", "music"),
    "upright": ("piano", "music"),
    "acoustic guitar": ("guitar", "music"),
    "electric guitar": ("guitar", "music"),
    "traffic light": ("street", "city"),
    "street sign": ("street", "city"),
    "streetcar": ("street", "city"),
    "trolleybus": ("street", "city"),
    "cab": ("street", "city"),
    "parachute": ("sky",),
    "airship": ("sky",),
    "balloon": ("sky",),
    "toyshop": ("toys",),
    "teddy": ("toy",),
}


def read_wordnet(folder: Path) -> dict[str, tuple[list[str], list[str]]]:
    """WordNet nouns: offset -> (lemmas, hypernyms). Part-of and member-of links are left out: they
    make a car mirror a vehicle and a cup a shop."""
    nouns: dict[str, tuple[list[str], list[str]]] = {}
    with open(folder / "data.noun", encoding="latin-1") as handle:
        for line in handle:
            if line.startswith("  "):  # licence header
                continue
            fields = line.split(" | ", 1)[0].split()
            count = int(fields[3], 16)
            lemmas = [fields[4 + 2 * i].replace("_", " ") for i in range(count)]
            at = 4 + 2 * count
            pointers = [fields[at + 1 + 4 * j:at + 5 + 4 * j] for j in range(int(fields[at]))]
            parents = [offset for symbol, offset, pos, _ in pointers
                       if pos == "n" and symbol in ("@", "@i")]
            nouns[fields[0]] = (lemmas, parents)
    return nouns


def ancestors(offset: str, nouns: dict[str, tuple[list[str], list[str]]]) -> list[str]:
    """Every synset above `offset`, nearest first (breadth first, each once)."""
    seen: list[str] = []
    queue = list(nouns[offset][1])
    while queue:
        current = queue.pop(0)
        if current not in seen:
            seen.append(current)
            queue += nouns[current][1]
    return seen


def class_words(wnid: str, label: str, nouns: dict[str, tuple[list[str], list[str]]],
                implied: dict[str, tuple[str, ...]]) -> dict[str, float]:
    """The words of one class with weights: its name and ancestors' words 1, implied words IMPLIED_WEIGHT."""
    offset = wnid[1:]
    chain = [offset] + ancestors(offset, nouns)
    words = {label: 1.0}
    for synset in chain:
        for word in GENERAL.get(synset, ()):
            words[word] = 1.0
    for key in [wnid, label] + chain:
        for word in implied.get(key, ()):
            words.setdefault(word, IMPLIED_WEIGHT)
    return words


def build(timm_info: Path, wordnet: Path) -> dict:
    wnids = (timm_info / "imagenet_synsets.txt").read_text().split()
    lemmas = dict(line.split("\t", 1) for line in (timm_info / "imagenet_synset_to_lemma.txt").read_text().splitlines())
    labels = [lemmas[w].split(",")[0].strip() for w in wnids]
    nouns = read_wordnet(wordnet)
    if len(wnids) != 1000 or any(w[1:] not in nouns for w in wnids):
        raise SystemExit("the class list is not the 1000 ImageNet classes of WordNet 3.0")
    for key in GENERAL:
        if key not in nouns:
            raise SystemExit(f"GENERAL names an unknown synset {key}")
    for key in IMPLIED:
        if key not in nouns and key not in wnids and labels.count(key) != 1:
            raise SystemExit(f"IMPLIED names {key!r}, which is no synset and no single class")
    return {
        "about": "ImageNet-1k classes in the classifier's output order: WordNet 3.0 id, name, and the words "
                 "a person might write for it with weights (scripts/imagenet_concepts.py). Names and "
                 "hierarchy from WordNet 3.0, Copyright 2006 by Princeton University (WordNet licence, "
                 "vectorstore/data/LICENSE-WordNet.txt).",
        "classes": [{"id": w, "label": label, "words": class_words(w, label, nouns, IMPLIED)}
                    for w, label in zip(wnids, labels)],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timm-info", type=Path, required=True, help="timm's timm/data/_info folder")
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"), help="folder with data.noun")
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    args = parser.parse_args()
    data = build(args.timm_info, args.wordnet)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    lines = ",\n".join(json.dumps(c, ensure_ascii=False) for c in data["classes"])
    args.output.write_text(f'{{"about": {json.dumps(data["about"])},\n"classes": [\n{lines}\n]}}\n', encoding="utf-8")
    print(f"wrote {args.output}: {len(data['classes'])} classes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
