"""Word lists the outcome checker reads. Data only.

Bloom levels follow Anderson & Krathwohl's revised taxonomy; the classroom verb lists are the usual
ones (they differ between institutions and a verb may sit at several levels). Shop verbs carry
Simpson's (1972) psychomotor levels. The avoid-lists are the common "not observable" lists
(Davenport, RACGP, Phillips 1994). One deliberate departure: "memorize" is on the avoid-list (you
observe recalling, not memorizing) while "recognize" stays a Remember verb.
"""
from __future__ import annotations

BLOOM_LEVELS = ("remember", "understand", "apply", "analyze", "evaluate", "create")

_BY_LEVEL: dict[str, str] = {
    "remember": """
        define identify label list match name recall recognize reproduce state locate select
        cite repeat quote choose
    """,
    "understand": """
        classify compare describe discuss explain give-examples illustrate interpret paraphrase
        predict summarize translate convert estimate exemplify infer restate report read sketch
    """,
    "apply": """
        apply calculate compute demonstrate execute implement measure operate perform set-up solve
        use adjust align machine assemble disassemble
        weld braze solder cut drill center-drill ream tap counterbore countersink turn face bore
        mill grind deburr chamfer file saw thread knurl lay-out indicate dial-in tram square
        calibrate torque tighten install replace repair maintain lubricate clean load unload don
        doff wear fit fit-up tack bend shear punch form rig lift hoist lock-out tag-out carry-out
        fill-out fill-in complete conduct record document log wire connect disconnect mount clamp
        secure position prepare sharpen polish sand paint splice crimp strip jog touch-off edit
        enter input draw trace mark stamp sort put-on remove dispose store handle follow practice
        run set start stop change restore correct test shine standardize sustain
        meet pass hold sew fold simulate photograph communicate present respond evacuate navigate
        raise reduce count weigh mix pour cast forge heat anneal harden temper quench level plumb
        adapt alter copy imitate replicate reinstall reassemble reset refit take
    """,
    "analyze": """
        analyze categorize compare contrast diagnose differentiate distinguish examine inspect
        troubleshoot outline organize investigate attribute detect break-down trace
    """,
    "evaluate": """
        appraise assess check critique judge justify recommend verify validate select prioritize
        defend rate grade score decide determine choose evaluate monitor test audit approve reject
        correct
    """,
    "create": """
        compose construct design develop formulate generate plan produce program fabricate devise
        build create write draft invent modify revise propose prototype integrate combine improve
    """,
}


def _invert(by_level: dict[str, str]) -> dict[str, tuple[str, ...]]:
    levels: dict[str, list[str]] = {}
    for level in BLOOM_LEVELS:
        for word in by_level[level].split():
            levels.setdefault(word.replace("-", " ").replace("center drill", "center-drill"), []).append(level)
    return {verb: tuple(found) for verb, found in levels.items()}


# verb (lemma; phrasal verbs with a space) -> Bloom levels, in taxonomy order
BLOOM: dict[str, tuple[str, ...]] = _invert(_BY_LEVEL)

# Simpson (1972) psychomotor levels for verbs that name a hands-on shop performance.
_SKILLED = ("mechanism", "complex overt response")
PSYCHOMOTOR: dict[str, tuple[str, ...]] = {
    **{verb: _SKILLED for verb in """
        measure operate set-up machine assemble disassemble weld braze solder cut drill
        center-drill ream tap counterbore countersink turn face bore mill grind deburr chamfer file
        saw thread knurl lay-out indicate dial-in tram square calibrate torque tighten install
        replace repair maintain lubricate clean load unload don doff wear fit fit-up tack bend
        shear punch form rig lift hoist lock-out tag-out wire connect disconnect mount clamp secure
        sharpen polish sand paint splice crimp strip jog touch-off put-on remove fabricate construct
        build perform demonstrate run set sew fold mix pour cast forge heat anneal harden temper
        quench weigh level plumb reinstall reassemble reset refit
    """.split()},
    **{verb: ("guided response",) for verb in "follow imitate copy replicate practice".split()},
    **{verb: ("adaptation",) for verb in "adjust align modify adapt alter".split()},
    "detect": ("perception",),
    "prepare": ("set", "mechanism"),
    "position": ("set", "mechanism"),
}
PSYCHOMOTOR = {verb.replace("-", " ").replace("center drill", "center-drill"): levels
               for verb, levels in PSYCHOMOTOR.items()}

# Verbs that name no observable behaviour -> the Bloom level a teacher most likely meant, used to
# suggest replacements.
NON_MEASURABLE: dict[str, str] = {
    "understand": "understand", "comprehend": "understand", "grasp": "understand",
    "realize": "understand", "conceptualize": "understand", "explore": "understand",
    "know": "remember", "memorize": "remember", "familiarize": "remember", "study": "remember",
    "cover": "remember", "see": "remember", "hear": "remember", "listen": "remember",
    "watch": "remember", "observe": "remember",
    "learn": "apply", "experience": "apply", "master": "apply", "participate": "apply",
    "attend": "apply", "engage": "apply",
    "appreciate": "evaluate", "believe": "evaluate", "value": "evaluate", "internalize": "evaluate",
    "feel": "evaluate", "enjoy": "evaluate", "accept": "evaluate", "respect": "evaluate",
    "consider": "evaluate", "self-actualize": "evaluate",
    "think": "analyze",
}

# Measurable verbs to offer in place of a vague one, per Bloom level.
SUGGESTED_VERBS: dict[str, tuple[str, ...]] = {
    "remember": ("identify", "list", "name", "state", "label"),
    "understand": ("explain", "describe", "summarize", "classify", "compare"),
    "apply": ("demonstrate", "perform", "measure", "set up", "operate"),
    "analyze": ("differentiate", "troubleshoot", "inspect", "diagnose", "examine"),
    "evaluate": ("justify", "assess", "recommend", "verify", "critique"),
    "create": ("design", "plan", "produce", "develop", "program"),
}

# "develop an appreciation for", "have a working knowledge of": a light verb plus an abstract noun.
LIGHT_VERBS = frozenset("""
    have gain develop demonstrate show acquire build display possess get obtain achieve express
    exhibit deepen increase improve expand broaden foster cultivate attain
""".split())
ABSTRACT_NOUNS = frozenset("""
    understanding knowledge awareness appreciation comprehension familiarity interest enjoyment
    grasp sense respect insight horizons love
""".split())
# "be aware of", "become acquainted with": a linking verb plus a state-of-mind adjective.
LINKING_VERBS = frozenset("be become get feel remain grow".split())
STATE_ADJECTIVES = frozenset("""
    aware familiar acquainted knowledgeable cognizant conscious interested comfortable confident
    exposed introduced informed sensitive sensitized oriented versed conversant mindful
    appreciative capable responsible safe
""".split())
# "will be taught", "will be shown how to": the teacher acts, not the student.
PASSIVE_PARTICIPLES = frozenset("""
    taught shown introduced exposed given provided trained told instructed presented oriented
    familiarized
""".split())
# "recognize the importance of": names an attitude, not a performance.
IMPORTANCE_HEADS = frozenset("recognize realize see appreciate understand know learn grasp acknowledge value comprehend".split())
IMPORTANCE_NOUNS = frozenset("importance significance value need role purpose benefit benefits".split())

# Words between "will" and the verb that carry no behaviour.
ADVERBS = frozenset("""
    also then first both either further still always often now again next routinely fully
    independently well together
""".split())
# "tig weld", "plasma cut": a process name in front of the verb.
PROCESS_PREFIXES = frozenset("tig mig gtaw gmaw smaw fcaw spot arc stick plasma oxy-fuel oxyfuel tack hand cnc".split())

# Vague adverbs that sound like a standard but say nothing about how well.
VAGUE_ADVERBS = frozenset("""
    safely properly appropriately effectively efficiently successfully adequately well neatly
    carefully competently confidently satisfactorily
""".split())

# Verbs that are just as often nouns ("the drill", "a record"). After "and" deep in a sentence
# they count as a second behaviour only when an object follows them.
NOUN_VERBS = frozenset("""
    tap drill file face turn mill cut weld record report plan program design list sketch check
    sort set shine saw lift change test mark label tack bend form document state name match
    use study repair braze solder wire jog bore thread chamfer square torque clamp guard load
    run hold fit stop start store handle trace draw clean complete secure score rate grade
    estimate outline model practice pass log input paint sand strip polish stamp punch shear
    center-drill countersink counterbore mount position review
""".split())

# Noun compounds whose first word is also a verb: "drill press", "tap size".
NOUN_COMPOUNDS = frozenset(
    tuple(pair.split("+")) for pair in """
        drill+press drill+presses drill+bit drill+bits drill+chart drill+size drill+sizes tap+drill
        tap+drills tap+size tap+sizes tap+chart tap+wrench face+mill face+shield face+shields
        file+card check+sheet check+sheets check+list cut+list cut+sheet weld+symbol
        weld+symbols weld+joint weld+joints weld+bead weld+beads weld+coupon weld+coupons
        plan+view saw+blade saw+blades wire+feed wire+brush wire+size mill+vise test+indicator
        record+sheet report+form list+price turn+signal mark+up load+rating thread+gage
        thread+gauge thread+pitch square+head bore+gage bore+gauge
    """.split()
)
