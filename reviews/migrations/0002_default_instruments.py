"""The default scoring grid and GBA+ checklist of domain.md, published as version 1."""

from decimal import Decimal

from django.db import migrations
from django.utils import timezone

GRID = [
    # weight, (en, fr, es) name, (en, fr, es) guidance
    (20, ("Alignment with the priority area and the mission's focus",
          "Adéquation avec le domaine prioritaire et l’orientation de la mission",
          "Alineación con el área prioritaria y el enfoque de la misión"),
     ("Does the project clearly serve one of the call's priority areas as the mission defines it?",
      "Le projet sert-il clairement l’un des domaines prioritaires de l’appel, tel que la mission le définit\u202f?",
      "¿El proyecto responde claramente a una de las áreas prioritarias de la convocatoria, tal como la define la misión?")),
    (20, ("Problem analysis and effectiveness", "Analyse du problème et efficacité",
          "Análisis del problema y eficacia"),
     ("Is the problem well understood, and will the activities lead to the expected results?",
      "Le problème est-il bien compris, et les activités mèneront-elles aux résultats attendus\u202f?",
      "¿Se entiende bien el problema y las actividades llevarán a los resultados esperados?")),
    (15, ("Feasibility and capacity", "Faisabilité et capacité", "Viabilidad y capacidad"),
     ("Can the organization deliver this project, on time, with its people and partners?",
      "L’organisation peut-elle réaliser ce projet à temps, avec son personnel et ses partenaires\u202f?",
      "¿Puede la organización ejecutar el proyecto a tiempo, con su personal y sus socios?")),
    (15, ("Budget and cost-effectiveness", "Budget et rapport coût-efficacité",
          "Presupuesto y costo-eficacia"),
     ("Are the costs reasonable, eligible and consistent with the activities?",
      "Les coûts sont-ils raisonnables, admissibles et cohérents avec les activités\u202f?",
      "¿Los costos son razonables, elegibles y coherentes con las actividades?")),
    (15, ("Quality of the gender-based analysis (GBA+)", "Qualité de l’analyse comparative entre les sexes plus (ACS Plus)",
          "Calidad del análisis comparativo de género plus (ACG+)"),
     ("Use the GBA+ checklist: does the analysis shape the design of the project?",
      "Servez-vous de la liste ACS Plus\u202f: l’analyse oriente-t-elle la conception du projet\u202f?",
      "Use la lista de verificación ACG+: ¿el análisis orienta el diseño del proyecto?")),
    (10, ("Local ownership and participation", "Appropriation locale et participation",
          "Apropiación local y participación"),
     ("Was the project designed by local people, and do beneficiaries take part in it?",
      "Le projet a-t-il été conçu localement, et les bénéficiaires y participent-ils\u202f?",
      "¿El proyecto fue diseñado por actores locales y participan en él las personas beneficiarias?")),
    (5, ("Sustainability and risks", "Durabilité et risques", "Sostenibilidad y riesgos"),
     ("Will the results last, and are the risks known and managed?",
      "Les résultats dureront-ils, et les risques sont-ils connus et gérés\u202f?",
      "¿Los resultados perdurarán y los riesgos son conocidos y gestionados?")),
]  # fmt: skip

CHECKLIST = [
    # key, required, (en, fr, es) question
    ("differential_impacts", True,
     ("The analysis shows how women, girls, men and boys are affected differently, including other identity factors.",
      "L’analyse montre comment les femmes, les filles, les hommes et les garçons sont touchés différemment, y compris selon d’autres facteurs identitaires.",
      "El análisis muestra cómo el problema afecta de forma diferente a mujeres, niñas, hombres y niños, incluidos otros factores de identidad.")),
    ("women_consulted", True,
     ("Women and/or girls were consulted, and their views are reflected in the design.",
      "Des femmes ou des filles ont été consultées, et leurs points de vue se reflètent dans la conception.",
      "Se consultó a mujeres o niñas y sus opiniones se reflejan en el diseño.")),
    ("disaggregated_targets", True,
     ("Gender-equality results have targets broken down by sex and age.",
      "Les résultats en matière d’égalité des genres ont des cibles ventilées par sexe et par âge.",
      "Los resultados de igualdad de género tienen metas desglosadas por sexo y edad.")),
    ("do_no_harm", True,
     ("Risks of doing harm are identified and mitigated.",
      "Les risques de causer du tort sont relevés et atténués.",
      "Los riesgos de causar daño están identificados y mitigados.")),
    ("womens_organizations", False,
     ("Women's organizations are involved.",
      "Des organisations de femmes participent au projet.",
      "Participan organizaciones de mujeres.")),
    ("decision_making", False,
     ("Women and girls take part in decisions about the project.",
      "Les femmes et les filles prennent part aux décisions sur le projet.",
      "Las mujeres y las niñas participan en las decisiones sobre el proyecto.")),
    ("budget_consistent", True,
     ("The budget funds the gender-equality measures the proposal describes.",
      "Le budget finance les mesures d’égalité des genres décrites dans la proposition.",
      "El presupuesto financia las medidas de igualdad de género que describe la propuesta.")),
]  # fmt: skip


def translated(prefix: str, texts) -> dict:
    return {
        f"{prefix}_{language}": text
        for language, text in zip(("en", "fr", "es"), texts, strict=True)
    }


def seed(apps, schema_editor):
    ScoringGrid = apps.get_model("reviews", "ScoringGrid")
    Criterion = apps.get_model("reviews", "Criterion")
    GbaChecklist = apps.get_model("reviews", "GbaChecklist")
    ChecklistItem = apps.get_model("reviews", "ChecklistItem")
    now = timezone.now()
    # Published once complete: the application's models refuse parts of a published version.
    grid = ScoringGrid.objects.create(
        family="cfli-default",
        version=1,
        name="CFLI scoring grid",
        **translated(
            "name",
            ("CFLI scoring grid", "Grille d’évaluation du FCIL", "Grilla de evaluación del FCIL"),
        ),
    )
    for position, (weight, names, guidance) in enumerate(GRID):
        Criterion.objects.create(
            grid=grid,
            position=position,
            weight=Decimal(weight),
            scale_max=5,
            name=names[0],
            guidance=guidance[0],
            **translated("name", names),
            **translated("guidance", guidance),
        )
    checklist = GbaChecklist.objects.create(
        family="cfli-gba-plus",
        version=1,
        name="GBA+ checklist",
        **translated(
            "name",
            ("GBA+ checklist", "Liste de vérification ACS Plus", "Lista de verificación ACG+"),
        ),
    )
    for position, (key, required, questions) in enumerate(CHECKLIST):
        ChecklistItem.objects.create(
            checklist=checklist,
            position=position,
            key=key,
            required=required,
            question=questions[0],
            **translated("question", questions),
        )
    ScoringGrid.objects.filter(pk=grid.pk).update(published_at=now)
    GbaChecklist.objects.filter(pk=checklist.pk).update(published_at=now)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
