"""Hand-built ParsedAct trees for the publishing and page tests (independent of the parser)."""

from __future__ import annotations

from portal.importer.tree import (
    ActMetadata,
    Appendix,
    ApprovedDocument,
    Division,
    JournalColumn,
    Node,
    ParsedAct,
    Repair,
)

_line = iter(range(1, 1_000_000))


def node(kind, text, anchor="", number="", children=None, raw=None, repairs=None) -> Node:
    first = next(_line)
    return Node(
        kind=kind,
        text=text,
        raw=raw if raw is not None else text,
        lines=(first, first),
        number=number,
        anchor=anchor,
        repairs=repairs or [],
        children=children or [],
    )


def journal_columns() -> list[JournalColumn]:
    headings = [
        "Р/с №",
        "Бейнетіркегіштің (жад картасының) түгендеу нөмірі",
        "Мемлекеттік ветеринариялық-санитариялық инспектордың аты, әкесінің аты (бар болса), тегі",
        "Алған күні мен уақыты, қолы",
        "Тапсырған күні мен уақыты, қолы",
        "Ақпаратты жүктеп алған күні мен уақыты",
        "Жауапты адамның аты, әкесінің аты (бар болса), тегі және қолы",
        "Ескертпе",
    ]
    return [JournalColumn(number=i, heading=h) for i, h in enumerate(headings, start=1)]


def make_parsed_act(
    code: str = "900",
    *,
    repealed: bool = False,
    draft: bool = False,
    documents: int = 2,
    title: str = "Сынақ қағидаларын бекіту туралы",
) -> ParsedAct:
    """A small act with every kind of node: points with sub-points, nested sub-points and paragraphs,
    two documents (a duplicate printed number in the second), a form appendix with the 8-column journal
    table and «____» blanks, a lost-graphics appendix and an appendix missing from the source."""
    docs = []
    for seq in range(1, documents + 1):
        d = f"d{seq}"
        points = [
            node("point", f"Осы {seq}-құжат жалпы ережелерді белгілейді.", f"{d}-p1", "1"),
            node(
                "point",
                "Мынадай ұғымдар пайдаланылады:",
                f"{d}-p2",
                "2",
                children=[
                    node("subpoint", "жад картасы – ақпаратты сақтау құрылғысы;", f"{d}-p2-s1", "1"),
                    node(
                        "subpoint",
                        "бейнетіркегіш – техникалық құрылғы:",
                        f"{d}-p2-s2",
                        "2",
                        children=[
                            node("subpoint", "ішкі тармақша бірінші;", f"{d}-p2-s2-s1", "1"),
                            node("subpoint", "ішкі тармақша екінші.", f"{d}-p2-s2-s2", "2"),
                        ],
                    ),
                    node("paragraph", "нөмірсіз абзац тармақшалардан кейін.", f"{d}-p2-a1"),
                ],
            ),
            node("point", "Қайталанған нөмірлі тармақ (бірінші).", f"{d}-p3", "3"),
            node("point", "Қайталанған нөмірлі тармақ (екінші).", f"{d}-p3-2", "3"),
        ]
        divisions = [
            Division(
                number="1",
                title=node("heading", f"1-тарау. Жалпы ережелер {seq}"),
                anchor=f"{d}-ch1",
                points=points[:2],
            ),
            Division(
                number="2",
                title=node("heading", "2-тарау. Қолдану тәртібі"),
                anchor=f"{d}-ch2",
                points=points[2:],
            ),
        ]
        appendices = [
            Appendix(
                seq=1,
                number="1",
                anchor=f"{d}-app1",
                stamp=node("stamp", f"Сынақ құжатына {seq}-қосымша"),
                title=node("appendix_title", "Есепке алу журналы"),
                form_label="Нысан",
                body=[
                    node("heading", "Мұқабаның беткі жағы"),
                    node("text", "басталды 20__ «___» ______ аяқталды 20__ «___» ______"),
                    node("text", "Осы журналда ___ парақ нөмірленді, тігілді және мөрмен бекемделді"),
                ],
                columns=journal_columns(),
            ),
            Appendix(
                seq=2,
                number="2",
                anchor=f"{d}-app2",
                stamp=node("stamp", f"Сынақ құжатына {seq}-2-қосымша"),
                title=node("appendix_title", "Функционалдық өзара әрекеттесудің диаграммасы"),
                body=[node("legend", "Шартты белгілер:")],
                graphics_missing=True,
            ),
            Appendix(seq=3, number="3", anchor=f"{d}-app3", stamp=None, title=None, missing_in_source=True),
        ]
        docs.append(
            ApprovedDocument(
                seq=seq,
                kind="regulation" if code == "003" else "rules",
                anchor=d,
                stamp=node("stamp", f"Сынақ министрінің бұйрығымен бекітілген {seq}"),
                title=node("title", f"Сынақ құжаты {seq} қағидалары"),
                divisions=divisions,
                appendices=appendices,
            )
        )
    metadata = ActMetadata(
        code=code,
        act_type="order",
        issuing_body="Сынақ министрі",
        date="2021-04-14",
        number="121",
        registering_body="Әділет министрлігі",
        registration_date="2021-04-20",
        registration_number="22567",
        status="repealed" if repealed else "in_force",
        repealed_by="Жамбыл облысы әкімдігінің 2018 жылғы 28 ақпандағы № 24 қаулысы" if repealed else "",
        repealed_date="2018-02-28" if repealed else "",
    )
    return ParsedAct(
        source_name=f"{code}_test.txt",
        source_sha256="ab" * 32,
        metadata=metadata,
        title=node("title", title),
        header=node("header", "Сынақ министрінің 2021 жылғы 14 сәуірдегі № 121 бұйрығы."),
        status_badge=node("status", "Күшін жойған") if repealed else None,
        notes=[node("note", "РҚАО-ның ескертпесі. Түпнұсқаның орфографиясы сақталған.")] if repealed else [],
        preamble=node(
            "preamble",
            "Заңының 8-бабы 46-31) тармақшасына сәйкес БҰЙЫРАМЫН:",
            "preamble",
            raw="Заңының 8-бабы 46-31) \n\n сәйкес БҰЙЫРАМЫН:тармақшасына",
            repairs=[Repair(rule="A", detail="displaced anchor «тармақшасына» moved back")],
        ),
        points=[
            node("point", "Қоса беріліп отырған қағидалар бекітілсін.", "p1", "1"),
            node(
                "point",
                "Департамент заңнамада белгіленген тәртіппен:",
                "p2",
                "2",
                children=[
                    node("subpoint", "мемлекеттік тіркелуін;", "p2-s1", "1"),
                    node(
                        "subpoint",
                        "интернет-ресурсында орналастырылуын қамтамасыз етсін.",
                        "p2-s2",
                        "2",
                        repairs=[Repair(rule="A?", detail="heuristic", needs_review=True)],
                    ),
                ],
            ),
        ],
        signature=node("signature", "Министр С. Омаров"),
        documents=docs,
        draft=draft,
    )
