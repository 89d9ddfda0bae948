"""What every seeded proposal says in its language (English, French, Spanish), whatever its
theme: beneficiaries, consultation, GBA+ answers, risks, sustainability, activities, budget
lines, withdrawal reasons; what the staff write (screening note, question, review comments, the
committee's rationales and conditions); people's names and organizations' names by kind
(`CANADIAN_NGOS` for Canadian ones).

A data table, so it is long (about 330 lines of text); the themes' own phrases are in
`themes.py`. Templates take the same slots as the themes' ({city}, {region}, {n}, {group},
{topic}) and a few of their own ({m}, {k}, {name}, {year}, {country}).
"""

from typing import Any

# language → each thing a proposal says: templates to pick from, one template, or a table.
COMMON: dict[str, dict[str, Any]] = {
    "es": {
        "beneficiaries": (
            "{n} {group} de {city} y de comunidades vecinas de {region}; de forma indirecta, sus "
            "familias y organizaciones comunitarias.",
            "Participan directamente {n} {group} de {region}, con la participación de las "
            "autoridades comunitarias; indirectamente, unas {m} personas de {city}."),
        "consultation": (
            "Realizamos {k} asambleas comunitarias y grupos focales separados con mujeres y "
            "hombres antes de diseñar el proyecto.",
            "Una encuesta y tres talleres participativos en {city} definieron las actividades y "
            "los horarios."),
        "gba_differential": (
            "Las mujeres y las niñas enfrentan barreras que los hombres no viven: sobrecarga de "
            "trabajo de cuidados, menor acceso a la tierra, a la escuela y a los espacios de "
            "decisión, y mayor riesgo de violencia. Entre {group}, las mujeres indígenas y las "
            "personas con discapacidad son las más excluidas.",
            "El problema afecta de forma distinta a mujeres, niñas, hombres y niños: ellas asumen "
            "la mayor carga y tienen menos voz en las decisiones, mientras que los hombres jóvenes "
            "están más expuestos a la violencia armada."),
        "gba_influence": (
            "Las mujeres pidieron horarios compatibles con el trabajo de cuidados, actividades en "
            "su lengua y cuidado infantil durante las sesiones; los tres están en el presupuesto.",
            "Las participantes propusieron que la mitad de los cargos del comité sean para mujeres "
            "y que los talleres se hagan en lugares seguros y cercanos."),
        "do_no_harm": (
            "La visibilidad puede aumentar el riesgo para las participantes: las actividades se "
            "hacen en lugares seguros, los datos personales se protegen y nadie aparece en "
            "publicaciones sin su consentimiento.",
            "El proyecto podría generar tensiones en los hogares; se incluyen sesiones con hombres "
            "y un protocolo de atención ante cualquier caso de violencia."),
        "womens_organizations": (
            "Colaboran la Red de Mujeres de {region} y la colectiva feminista local.",
            "Una organización de mujeres indígenas co-diseñó el proyecto y forma parte del comité "
            "de seguimiento."),
        "risks": (
            "Inseguridad en la zona: protocolo de seguridad, actividades en horario diurno y "
            "comunicación constante con el equipo. Lluvias que cierran caminos: calendario "
            "flexible.",
            "Rotación de autoridades locales tras las elecciones: acuerdos firmados con la "
            "asamblea comunitaria y no solo con el municipio."),
        "sustainability": (
            "Las capacidades quedan en las organizaciones locales; el municipio de {city} se "
            "comprometió a incluir la iniciativa en su presupuesto del próximo año.",
            "La red creada seguirá con cuotas de sus integrantes y con el apoyo de la universidad "
            "pública de {region}."),
        "environment": (
            "Sin impacto ambiental significativo: las actividades se realizan en espacios "
            "comunitarios existentes.",
            "Los materiales se compran localmente y se privilegian productos reutilizables; no se "
            "prevé impacto negativo."),
        "authorization": "La asamblea comunitaria y el ayuntamiento de {city} aprobaron el "
                         "proyecto por escrito.",
        "withdrawal": ("La organización obtuvo otro financiamiento para el mismo proyecto.",
                       "Cambios en el equipo nos impiden ejecutar el proyecto este año."),
        "activities": ("Diagnóstico participativo con {group}", "Talleres de formación sobre "
                       "{topic}", "Foro público de cierre en {city}"),
        "review_comment": (
            "Propuesta pertinente, con un análisis de género sólido; el presupuesto es coherente "
            "con las actividades.",
            "El problema está bien descrito, pero los indicadores deben precisarse y desglosarse "
            "por sexo."),
        "ge_justification": "Las mujeres participaron en el diseño y las metas están "
                            "desglosadas por sexo y edad.",
        "rationale_fund": "Proyecto alineado con las prioridades de la embajada, con buena "
                          "capacidad de ejecución.",
        "rationale_other": "La propuesta es pertinente, pero otras obtuvieron un puntaje más alto "
                           "y el sobre presupuestario es limitado.",
        "conditions": "Presentar las cartas de apoyo firmadas antes del primer desembolso.",
        "question": "¿Pueden enviar las cartas de apoyo de las autoridades comunitarias y precisar "
                    "el calendario de actividades?",
        "ineligible_note": "Gracias por su interés; la propuesta no cumple los requisitos de la "
                           "convocatoria.",
        "description": "{name} trabaja desde {year} con {group} de {region}. Acompañamos procesos "
                       "comunitarios sobre {topic} y colaboramos con autoridades locales, "
                       "organizaciones de mujeres y universidades.",
        "declarant_titles": ("Coordinadora general", "Directora ejecutiva",
                             "Presidenta del consejo", "Representante legal"),
        "first_names": ("María José", "Guadalupe", "Rosa", "Lucía", "Citlali", "Yolanda",
                        "Adriana", "Sofía", "Carmen", "Xóchitl", "Paola", "Marisol", "Juan Carlos",
                        "Miguel", "Andrés"),
        "last_names": ("Martínez", "Hernández", "López", "Pérez", "Gómez", "Ramírez", "Cruz",
                       "Santiago", "Mendoza", "Vásquez", "Ixcoy", "Tzul", "Caicedo", "Mosquera",
                       "Rentería"),
        "registration_law": "Registro público de asociaciones civiles",
        "budget": {
            "training": ("Talleres de formación", "taller"),
            "salaries": ("Coordinación del proyecto", "mes"),
            "outreach": ("Campaña de comunicación", "campaña"),
            "travel": ("Transporte de participantes", "viaje"),
            "equipment": ("Equipo y materiales", "lote"),
            "hospitality": ("Alimentación durante las actividades", "persona"),
            "professional": ("Auditoría y contabilidad", "servicio"),
            "research": ("Diagnóstico participativo", "estudio"),
            "administration": ("Gastos administrativos", "mes"),
            "other": ("Aporte local: locales y voluntariado", "mes"),
        },
        "kinds": {
            "academic": ("Universidad Autónoma de {region}",
                         "Instituto de Investigaciones Sociales de {region}",
                         "Centro Universitario de {city}"),
            "government": ("Municipio de {city}", "Instituto de las Mujeres de {region}",
                           "Secretaría de Pueblos Indígenas de {region}"),
            "international_ngo": ("Red Internacional de Defensoras — oficina {region}",
                                  "Fundación Mesoamericana para el Agua",
                                  "Asociación Latinoamericana de Periodistas — capítulo {region}"),
            "multilateral": ("Programa Regional de las Américas para la Igualdad — {city}",
                             "Oficina Subregional de Cooperación para {country}"),
        },
    },
    "fr": {
        "beneficiaries": (
            "{n} {group} de {city} et des communautés voisines ; indirectement, leurs familles "
            "et leurs organisations communautaires.",
            "{n} {group} de la région ({region}) participent directement, avec l’appui des "
            "autorités locales ; indirectement, environ {m} personnes de {city}."),
        "consultation": (
            "Nous avons tenu {k} assemblées communautaires et des groupes de discussion séparés "
            "avec des femmes et des hommes avant de concevoir le projet.",
            "Une enquête et trois ateliers participatifs à {city} ont défini les activités et les "
            "horaires."),
        "gba_differential": (
            "Les femmes et les filles font face à des obstacles que les hommes ne connaissent "
            "pas : surcharge de travail de soins, accès moindre à la terre, à l’école et aux "
            "instances de décision, et risque accru de violence. Parmi les {group}, les femmes "
            "rurales et les personnes en situation de handicap sont les plus exclues.",
            "Le problème touche différemment les femmes, les filles, les hommes et les garçons : "
            "elles en portent la plus lourde charge et ont moins voix au chapitre, tandis que les "
            "jeunes hommes sont plus exposés à la violence armée."),
        "gba_influence": (
            "Les femmes ont demandé des horaires compatibles avec le travail de soins, des "
            "activités en créole et une garderie pendant les séances ; les trois sont prévus au "
            "budget.",
            "Les participantes ont proposé que la moitié des postes du comité reviennent à des "
            "femmes et que les ateliers aient lieu dans des endroits sûrs et proches."),
        "do_no_harm": (
            "La visibilité peut accroître le risque pour les participantes : les activités ont "
            "lieu dans des endroits sûrs, les données personnelles sont protégées et personne "
            "n’apparaît dans une publication sans son consentement.",
            "Le projet pourrait créer des tensions dans les ménages ; il prévoit des séances avec "
            "les hommes et un protocole de prise en charge de tout cas de violence."),
        "womens_organizations": (
            "Le réseau des femmes de {city} et une organisation féministe locale y collaborent.",
            "Une organisation de femmes paysannes a conçu le projet avec nous et siège au comité "
            "de suivi."),
        "risks": (
            "Insécurité dans la zone : protocole de sécurité, activités de jour et communication "
            "constante avec l’équipe. Routes coupées par les pluies : calendrier souple.",
            "Changement des autorités locales après les élections : ententes signées avec les "
            "comités communautaires et pas seulement avec la mairie."),
        "sustainability": (
            "Les compétences restent dans les organisations locales ; la mairie de {city} s’est "
            "engagée à inscrire l’initiative à son budget de l’an prochain.",
            "Le réseau créé continuera grâce aux cotisations de ses membres et à l’appui de "
            "l’université publique de la région."),
        "environment": (
            "Aucun impact environnemental important : les activités ont lieu dans des locaux "
            "communautaires existants.",
            "Le matériel est acheté localement et les produits réutilisables sont privilégiés ; "
            "aucun impact négatif n’est prévu."),
        "authorization": "Le conseil communautaire et la mairie de {city} ont approuvé le projet "
                         "par écrit.",
        "withdrawal": ("L’organisation a obtenu un autre financement pour le même projet.",
                       "Des changements dans l’équipe nous empêchent de réaliser le projet cette "
                       "année."),
        "activities": ("Diagnostic participatif avec les {group}", "Ateliers de formation sur "
                       "{topic}", "Forum public de clôture à {city}"),
        "review_comment": (
            "Proposition pertinente, avec une solide analyse de genre ; le budget est cohérent "
            "avec les activités.",
            "Le problème est bien décrit, mais les indicateurs doivent être précisés et ventilés "
            "par sexe."),
        "ge_justification": "Des femmes ont participé à la conception et les cibles sont "
                            "ventilées par sexe et par âge.",
        "rationale_fund": "Projet aligné sur les priorités de l’ambassade, avec une bonne "
                          "capacité de mise en œuvre.",
        "rationale_other": "La proposition est pertinente, mais d’autres ont obtenu une meilleure "
                           "note et l’enveloppe est limitée.",
        "conditions": "Remettre les lettres d’appui signées avant le premier versement.",
        "question": "Pouvez-vous envoyer les lettres d’appui des autorités locales et préciser le "
                    "calendrier des activités ?",
        "ineligible_note": "Merci de votre intérêt ; la proposition ne remplit pas les conditions "
                           "de l’appel.",
        "description": "{name} travaille depuis {year} avec les {group} de la région ({region}). "
                       "Nous accompagnons des démarches communautaires sur {topic} et collaborons "
                       "avec les autorités locales, les organisations de femmes et les "
                       "universités.",
        "declarant_titles": ("Coordonnatrice générale", "Directrice exécutive",
                             "Présidente du conseil", "Représentant légal"),
        "first_names": ("Marie-Claude", "Nadège", "Roseline", "Fabienne", "Mirlande", "Widline",
                        "Guerline", "Stéphanie", "Rose-Marie", "Esther", "Jean-Robert", "Jacques"),
        "last_names": ("Joseph", "Pierre", "Jean-Baptiste", "Louis", "Charles", "Étienne",
                       "Desrosiers", "Augustin", "Saint-Fleur", "Dorvil"),
        "registration_law": "Ministère des Affaires sociales et du Travail",
        "budget": {
            "training": ("Ateliers de formation", "atelier"),
            "salaries": ("Coordination du projet", "mois"),
            "outreach": ("Campagne de communication", "campagne"),
            "travel": ("Transport des participantes et participants", "trajet"),
            "equipment": ("Équipement et fournitures", "lot"),
            "hospitality": ("Repas pendant les activités", "personne"),
            "professional": ("Audit et comptabilité", "service"),
            "research": ("Diagnostic participatif", "étude"),
            "administration": ("Frais administratifs", "mois"),
            "other": ("Contribution locale : locaux et bénévolat", "mois"),
        },
        "kinds": {
            "academic": ("Université publique de {city}",
                         "Institut de recherche sociale de {city}",
                         "Centre universitaire — {region}"),
            "government": ("Mairie de {city}",
                           "Direction départementale de la condition féminine — {region}"),
            "international_ngo": ("Réseau international des défenseures — bureau de {city}",
                                  "Fondation caribéenne pour l’eau",
                                  "Association internationale des journalistes — section "
                                  "{region}"),
            "multilateral": ("Programme régional des Caraïbes pour l’égalité — {city}",
                             "Bureau de coordination régionale pour {country}"),
        },
    },
    "en": {
        "beneficiaries": (
            "{n} {group} in {city} and neighbouring communities of {region}; indirectly, their "
            "families and community organizations.",
            "{n} {group} of {region} take part directly, with the support of local leaders; "
            "indirectly, about {m} people in {city}."),
        "consultation": (
            "We held {k} community meetings and separate focus groups with women and men before "
            "designing the project.",
            "A survey and three participatory workshops in {city} set the activities and the "
            "schedule."),
        "gba_differential": (
            "Women and girls face barriers men do not: a heavier load of unpaid care, less "
            "access to land, school and decision-making, and a higher risk of violence. Among "
            "{group}, rural women and persons with disabilities are the most excluded.",
            "The problem affects women, girls, men and boys differently: women carry most of the "
            "burden and have less say in decisions, while young men are more exposed to gang "
            "violence."),
        "gba_influence": (
            "Women asked for schedules that fit their care work, sessions in their own language "
            "and childcare during activities; all three are in the budget.",
            "Participants proposed that half of the committee seats go to women and that "
            "workshops be held in safe places close to home."),
        "do_no_harm": (
            "Visibility may raise the risk for participants: activities take place in safe "
            "venues, personal data are protected and no one appears in a publication without "
            "consent.",
            "The project could create tension at home; it includes sessions with men and a "
            "protocol to respond to any case of violence."),
        "womens_organizations": (
            "The {region} Women's Network and a local feminist collective are partners.",
            "A rural women's organization co-designed the project and sits on its steering "
            "committee."),
        "risks": (
            "Insecurity in the area: safety protocol, daytime activities and constant contact "
            "with the team. Roads closed by rain: a flexible schedule.",
            "Turnover of local officials after the elections: agreements signed with community "
            "councils, not only with the municipality."),
        "sustainability": (
            "Skills stay with local organizations; the {city} municipality has committed to "
            "include the initiative in next year's budget.",
            "The network will continue with members' dues and the support of the public "
            "university of {region}."),
        "environment": (
            "No significant environmental impact: activities take place in existing community "
            "venues.",
            "Materials are bought locally and reusable products preferred; no negative impact is "
            "expected."),
        "authorization": "The community council and the {city} municipality approved the project "
                         "in writing.",
        "withdrawal": ("The organization received other funding for the same project.",
                       "Changes in our team prevent us from carrying out the project this year."),
        "activities": ("Participatory assessment with {group}", "Training workshops on {topic}",
                       "Closing public forum in {city}"),
        "review_comment": (
            "Relevant proposal with a sound gender analysis; the budget matches the activities.",
            "The problem is well described, but the indicators need to be sharpened and "
            "broken down by sex."),
        "ge_justification": "Women took part in the design and the targets are broken down by "
                            "sex and age.",
        "rationale_fund": "Aligned with the mission's priorities, with a strong capacity to "
                          "deliver.",
        "rationale_other": "A relevant proposal, but others scored higher and the envelope is "
                           "limited.",
        "conditions": "Send the signed letters of support before the first payment.",
        "question": "Could you send the letters of support from local authorities and detail the "
                    "schedule of activities?",
        "ineligible_note": "Thank you for your interest; the proposal does not meet the call's "
                           "requirements.",
        "description": "{name} has worked since {year} with {group} in {region}. We support "
                       "community initiatives on {topic} and work with local authorities, "
                       "women's organizations and universities.",
        "declarant_titles": ("General coordinator", "Executive director", "Board chair",
                             "Legal representative"),
        "first_names": ("Shanique", "Kerry-Ann", "Tashana", "Marcia", "Simone", "Nadine",
                        "Latoya", "Sheryl", "Patrice", "Odette", "Andre", "Damion"),
        "last_names": ("Campbell", "Brown", "Williams", "Thompson", "Morgan", "Clarke", "Grant",
                       "McKenzie", "Ferguson", "Rolle"),
        "registration_law": "Companies Act (company limited by guarantee)",
        "budget": {
            "training": ("Training workshops", "workshop"),
            "salaries": ("Project coordinator", "month"),
            "outreach": ("Outreach campaign", "campaign"),
            "travel": ("Participants' local travel", "trip"),
            "equipment": ("Equipment and supplies", "set"),
            "hospitality": ("Meals during activities", "person"),
            "professional": ("Audit and accounting", "service"),
            "research": ("Participatory baseline study", "study"),
            "administration": ("Administrative costs", "month"),
            "other": ("Local contribution: venues and volunteers", "month"),
        },
        "kinds": {
            "academic": ("University College of {city}", "{region} Institute for Social Research",
                         "{city} Community College"),
            "government": ("{city} Municipal Corporation", "{region} Parish Council",
                           "Bureau of Gender Affairs — {region} office"),
            "international_ngo": ("Caribbean Network of Women Defenders — {region} office",
                                  "Caribbean Water Partnership",
                                  "Regional Press Freedom Network — {region} chapter"),
            "multilateral": ("Caribbean Regional Programme for Equality — {city}",
                             "Commonwealth Youth Office — {region}"),
        },
    },
}  # fmt: skip

CANADIAN_NGOS = (
    "Canada–{country} Solidarity Network", "Alliance canadienne pour les droits des femmes",
    "Canadian Partners for Community Water", "Solidarité Québec–{country}",
    "Canadian Centre for Journalism and Democracy", "Fonds canadien pour les femmes des Amériques",
)  # fmt: skip
