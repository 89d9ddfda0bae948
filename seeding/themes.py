"""What the seeded proposals are about: themes, each with its priority areas, sub-themes and
who it reaches, and its phrases in English, French and Spanish.

A data table, so it is long (about 650 lines of text); `generator.py` picks each proposal's
theme among those of its call's priority areas. Templates take {city}, {region}, {n} (a
count), {group} and {topic}; unused ones are ignored. Full-text search finds the real words of
these phrases.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    key: str
    areas: tuple[int, ...]  # positions in programs.demo.PRIORITY_AREAS (0 = gender equality)
    sub_themes: tuple[str, ...]  # English names of programs.demo.SUB_THEMES
    identity_factors: tuple[str, ...]
    profile: str  # who the direct beneficiaries are: women, girls, youth or mixed
    gender_focus: bool  # gender equality is the principal objective more often than not
    text: dict[str, dict]


THEMES = (
    Theme("defenders", (0, 1), ("Human rights", "Sexual and gender-based violence", "Rule of law"),
          ("indigenous",), "women", True, {
        "es": {
            "titles": ("Red de defensoras comunitarias de {region}",
                       "Protección integral para defensoras de derechos humanos en {city}",
                       "Mujeres defensoras del territorio y el agua en {region}"),
            "context": (
                "En {region}, las mujeres que defienden el territorio, el agua y los derechos de "
                "sus comunidades enfrentan amenazas, difamación y exclusión de las asambleas. En "
                "los últimos dos años se documentaron {n} agresiones contra defensoras en la zona "
                "de {city}; pocas cuentan con un plan de protección o acompañamiento jurídico en "
                "su lengua.",
                "Las defensoras de derechos humanos de {city} denuncian hostigamiento, campañas "
                "de desprestigio y violencia sexual como forma de castigo. Las instituciones "
                "locales de protección no tienen personal capacitado ni protocolos con enfoque de "
                "género e interculturalidad."),
            "objectives": (
                "Que {n} defensoras de {region} cuenten con planes de protección, una red de "
                "alerta temprana y acompañamiento jurídico, y participen con voz propia en las "
                "asambleas comunitarias.",
                "Fortalecer la seguridad integral y la incidencia de {n} defensoras de derechos "
                "humanos de {city} ante las autoridades municipales y estatales."),
            "group": "defensoras de derechos humanos",
            "topic": "la protección de las defensoras de derechos humanos",
            "outcome": "Las defensoras participantes aplican planes de protección y activan la "
                       "red de alerta ante agresiones.",
            "output": "Planes de protección elaborados y una red de alerta temprana en "
                      "funcionamiento.",
            "indicator": "Número de defensoras con plan de protección vigente",
            "organizations": ("Red de Defensoras Comunitarias de {region}",
                              "Colectiva de Mujeres Defensoras de {city}"),
        },
        "fr": {
            "titles": ("Réseau de défenseures des droits de la personne à {city}",
                       "Protection intégrale des défenseures des droits humains — {region}",
                       "Femmes défenseures de la terre et de l’eau à {city}"),
            "context": (
                "Dans la région de {city} ({region}), les femmes qui défendent la terre, l’eau "
                "et les droits de leurs communautés subissent menaces, diffamation et exclusion "
                "des assemblées. {n} agressions contre des défenseures ont été documentées ces "
                "deux dernières années ; rares sont celles qui disposent d’un plan de protection "
                "ou d’un accompagnement juridique.",
                "Les défenseures des droits de la personne de {city} dénoncent le harcèlement, "
                "les campagnes de dénigrement et la violence sexuelle utilisée comme punition. "
                "Les institutions locales de protection n’ont ni personnel formé ni protocole "
                "tenant compte du genre."),
            "objectives": (
                "Doter {n} défenseures de {city} de plans de protection, d’un réseau d’alerte "
                "précoce et d’un accompagnement juridique, et renforcer leur voix dans les "
                "assemblées communautaires.",
                "Renforcer la sécurité et le plaidoyer de {n} défenseures des droits de la "
                "personne de la région de {city} auprès des autorités locales."),
            "group": "défenseures des droits de la personne",
            "topic": "la protection des défenseures des droits de la personne",
            "outcome": "Les défenseures participantes appliquent leur plan de protection et "
                       "déclenchent le réseau d’alerte en cas d’agression.",
            "output": "Plans de protection élaborés et réseau d’alerte précoce opérationnel.",
            "indicator": "Nombre de défenseures disposant d’un plan de protection à jour",
            "organizations": ("Réseau des défenseures de {city}",
                              "Collectif des femmes pour les droits humains — {region}"),
        },
        "en": {
            "titles": ("Community network of women human-rights defenders in {region}",
                       "Protecting women human-rights defenders in {city}",
                       "Women defending land and water in {region}"),
            "context": (
                "In {region}, women who defend land, water and their communities' rights face "
                "threats, smear campaigns and exclusion from community decision-making. {n} "
                "attacks on women defenders were documented around {city} in the last two years; "
                "few have a protection plan or legal support.",
                "Women human-rights defenders in {city} report harassment, online smear campaigns "
                "and sexual violence used as punishment. Local protection bodies have neither "
                "trained staff nor gender-responsive protocols."),
            "objectives": (
                "{n} women human-rights defenders in {region} have protection plans, an "
                "early-warning network and legal support, and speak with their own voice in "
                "community meetings.",
                "Strengthen the safety and advocacy of {n} women human-rights defenders in {city} "
                "before municipal and national authorities."),
            "group": "women human-rights defenders",
            "topic": "the protection of women human-rights defenders",
            "outcome": "Participating defenders apply their protection plans and activate the "
                       "early-warning network when attacked.",
            "output": "Protection plans drafted and an early-warning network running.",
            "indicator": "Number of defenders with an up-to-date protection plan",
            "organizations": ("{region} Women Defenders Network",
                              "{city} Women's Rights Collective"),
        },
    }),
    Theme("indigenous_youth", (1, 4), ("Indigenous issues", "Education", "Diversity and inclusion"),
          ("indigenous",), "youth", False, {
        "es": {
            "titles": ("Escuela de liderazgo para juventudes indígenas de {region}",
                       "Jóvenes indígenas de {city} en la toma de decisiones comunitarias",
                       "Radio comunitaria juvenil en lenguas originarias — {city}"),
            "context": (
                "En {region}, las y los jóvenes indígenas tienen pocas oportunidades de participar "
                "en las decisiones de sus comunidades y de los municipios. Muchas jóvenes "
                "abandonan la escuela antes de los 15 años y la migración vacía las comunidades "
                "de {city}.",
                "La discriminación, la falta de educación en su lengua y la ausencia de espacios "
                "propios alejan a las juventudes indígenas de {city} de la vida pública; solo {n} "
                "jóvenes ocupan hoy un cargo comunitario."),
            "objectives": (
                "Que {n} jóvenes indígenas, la mitad mujeres, adquieran herramientas de liderazgo "
                "y presenten propuestas a sus asambleas y ayuntamientos.",
                "Fortalecer la identidad, la lengua y la participación política de {n} jóvenes "
                "indígenas de {region}."),
            "group": "jóvenes indígenas",
            "topic": "la participación de las juventudes indígenas",
            "outcome": "Las y los jóvenes participantes presentan propuestas ante sus asambleas "
                       "comunitarias.",
            "output": "Escuela de liderazgo impartida en lengua originaria y en español.",
            "indicator": "Número de propuestas juveniles presentadas a las asambleas",
            "organizations": ("Colectivo de Juventudes Indígenas de {region}",
                              "Jóvenes Tejiendo Comunidad de {city}"),
        },
        "fr": {
            "titles": ("École de leadership pour les jeunes autochtones de {city}",
                       "Les jeunes autochtones de {region} dans les décisions communautaires",
                       "Radio communautaire des jeunes en langues autochtones — {city}"),
            "context": (
                "À {city}, les jeunes autochtones ont peu d’occasions de participer aux décisions "
                "de leurs communautés et des municipalités. Beaucoup de jeunes filles quittent "
                "l’école avant 15 ans et la migration vide les villages de la région ({region}).",
                "La discrimination, l’absence d’enseignement dans leur langue et le manque "
                "d’espaces à eux éloignent les jeunes autochtones de {city} de la vie publique ; "
                "seuls {n} jeunes occupent aujourd’hui une charge communautaire."),
            "objectives": (
                "{n} jeunes autochtones, dont la moitié de jeunes femmes, acquièrent des outils de "
                "leadership et présentent des propositions à leurs assemblées et à leur mairie.",
                "Renforcer l’identité, la langue et la participation politique de {n} jeunes "
                "autochtones de la région de {city}."),
            "group": "jeunes autochtones",
            "topic": "la participation des jeunes autochtones",
            "outcome": "Les jeunes participants présentent des propositions à leurs assemblées "
                       "communautaires.",
            "output": "École de leadership donnée en langue autochtone et en français.",
            "indicator": "Nombre de propositions des jeunes présentées aux assemblées",
            "organizations": ("Collectif des jeunes autochtones de {city}",
                              "Jeunesse en action — {region}"),
        },
        "en": {
            "titles": ("Leadership school for Indigenous youth in {region}",
                       "Indigenous young people in community decisions in {city}",
                       "Youth community radio in Indigenous languages — {city}"),
            "context": (
                "In {region}, Indigenous young people have few chances to take part in the "
                "decisions of their communities and municipalities. Many girls leave school "
                "before 15, and migration is emptying the villages around {city}.",
                "Discrimination, no schooling in their own language and no spaces of their own "
                "keep Indigenous youth in {city} out of public life; only {n} young people hold a "
                "community office today."),
            "objectives": (
                "{n} Indigenous young people, half of them young women, gain leadership skills "
                "and present proposals to their assemblies and town councils.",
                "Strengthen the identity, language and political participation of {n} Indigenous "
                "young people in {region}."),
            "group": "Indigenous young people",
            "topic": "the participation of Indigenous youth",
            "outcome": "Participating young people present proposals to their community "
                       "assemblies.",
            "output": "Leadership school delivered in the Indigenous language and in English.",
            "indicator": "Number of youth proposals presented to assemblies",
            "organizations": ("{region} Indigenous Youth Collective",
                              "{city} Youth Weaving Community"),
        },
    }),
    Theme("water", (5, 3), ("Water", "Agriculture", "Climate change"), (), "mixed", False, {
        "es": {
            "titles": ("Cooperativa comunitaria de agua potable en {city}",
                       "Gestión comunitaria del agua con mujeres de {region}",
                       "Captación de agua de lluvia para familias campesinas de {city}"),
            "context": (
                "En {city}, {n} familias dependen de pozos contaminados y de pipas de agua cada "
                "vez más caras. Las mujeres y las niñas dedican hasta tres horas al día a acarrear "
                "agua, y la cooperativa local no tiene los recursos para ampliar la red.",
                "La sequía prolongada en {region} redujo el caudal de los manantiales; la "
                "cooperativa de agua de {city} no puede garantizar el servicio y las decisiones "
                "sobre el agua siguen en manos de los hombres."),
            "objectives": (
                "Asegurar el acceso a agua potable para {n} familias de {city} mediante una "
                "cooperativa comunitaria con dirección paritaria.",
                "Que la cooperativa de agua de {city} mejore su gestión, incluya a mujeres en su "
                "consejo y proteja los manantiales de {region}."),
            "group": "familias socias de la cooperativa de agua",
            "topic": "la gestión comunitaria del agua",
            "outcome": "Las familias participantes acceden a agua potable todo el año.",
            "output": "Sistema de captación y red de distribución instalados y en "
                      "funcionamiento.",
            "indicator": "Porcentaje de hogares con acceso a agua potable",
            "organizations": ("Cooperativa de Agua Potable de {city}",
                              "Comité Comunitario del Agua de {region}"),
        },
        "fr": {
            "titles": ("Coopérative communautaire d’eau potable à {city}",
                       "Gestion communautaire de l’eau avec les femmes de {city}",
                       "Récupération des eaux de pluie pour les familles paysannes — {region}"),
            "context": (
                "À {city}, {n} familles dépendent de puits contaminés et de camions-citernes de "
                "plus en plus chers. Les femmes et les filles consacrent jusqu’à trois heures par "
                "jour à la corvée d’eau, et la coopérative locale n’a pas les moyens d’étendre le "
                "réseau.",
                "La sécheresse prolongée dans la région ({region}) a réduit le débit des sources ; "
                "la coopérative d’eau de {city} ne peut plus assurer le service et les décisions "
                "sur l’eau restent aux mains des hommes."),
            "objectives": (
                "Garantir l’accès à l’eau potable à {n} familles de {city} grâce à une coopérative "
                "communautaire dirigée à parité.",
                "Améliorer la gestion de la coopérative d’eau de {city}, y faire entrer des femmes "
                "au conseil et protéger les sources de la région."),
            "group": "familles membres de la coopérative d’eau",
            "topic": "la gestion communautaire de l’eau",
            "outcome": "Les familles participantes ont accès à l’eau potable toute l’année.",
            "output": "Système de captage et réseau de distribution installés et fonctionnels.",
            "indicator": "Pourcentage des ménages ayant accès à l’eau potable",
            "organizations": ("Coopérative d’eau potable de {city}",
                              "Comité communautaire de l’eau — {region}"),
        },
        "en": {
            "titles": ("Community drinking-water cooperative in {city}",
                       "Community water management with women in {region}",
                       "Rainwater harvesting for farming families in {city}"),
            "context": (
                "In {city}, {n} families depend on contaminated wells and increasingly expensive "
                "water trucks. Women and girls spend up to three hours a day fetching water, and "
                "the local cooperative cannot afford to extend the network.",
                "A long drought in {region} has reduced the flow of the springs; the {city} water "
                "cooperative can no longer guarantee supply, and decisions about water remain in "
                "men's hands."),
            "objectives": (
                "Secure drinking water for {n} families in {city} through a community cooperative "
                "led equally by women and men.",
                "Improve the management of the {city} water cooperative, bring women onto its "
                "board and protect the springs of {region}."),
            "group": "member families of the water cooperative",
            "topic": "community water management",
            "outcome": "Participating families have drinking water all year round.",
            "output": "Harvesting system and distribution network installed and working.",
            "indicator": "Share of households with access to drinking water",
            "organizations": ("{city} Community Water Cooperative",
                              "{region} Water Users' Association"),
        },
    }),
    Theme("journalists", (1,), ("Freedom of speech and of the press", "Human rights",
                                "Anti-corruption"), (), "mixed", False, {
        "es": {
            "titles": ("Protección de periodistas y libertad de expresión en {region}",
                       "Periodismo de investigación local contra la corrupción en {city}",
                       "Red de mujeres periodistas de {region}"),
            "context": (
                "{region} es una de las zonas más peligrosas para ejercer el periodismo: en los "
                "últimos años {n} periodistas fueron amenazados o agredidos por su trabajo. Las "
                "mujeres periodistas enfrentan además acoso en línea y violencia sexual.",
                "Los medios comunitarios de {city} cubren la corrupción local sin formación en "
                "seguridad digital ni respaldo jurídico; la autocensura crece y la población "
                "pierde acceso a información confiable."),
            "objectives": (
                "Que {n} periodistas de {region}, la mayoría mujeres, cuenten con protocolos de "
                "seguridad física y digital, asesoría jurídica y una red de apoyo mutuo.",
                "Fortalecer el periodismo de investigación de {n} comunicadoras y comunicadores "
                "de {city} sobre transparencia y uso de recursos públicos."),
            "group": "periodistas y comunicadores comunitarios",
            "topic": "la libertad de expresión y la seguridad de periodistas",
            "outcome": "Las y los periodistas participantes aplican protocolos de seguridad y "
                       "publican investigaciones sin agresiones.",
            "output": "Protocolo de seguridad física y digital adoptado por los medios "
                      "participantes.",
            "indicator": "Número de medios con protocolo de seguridad adoptado",
            "organizations": ("Asociación de Periodistas de {region}",
                              "Red de Comunicadoras Comunitarias de {city}"),
        },
        "fr": {
            "titles": ("Protection des journalistes et liberté d’expression — {region}",
                       "Journalisme d’enquête local contre la corruption à {city}",
                       "Réseau des femmes journalistes de {city}"),
            "context": (
                "Exercer le journalisme dans la région de {city} est devenu dangereux : {n} "
                "journalistes ont été menacés ou agressés ces dernières années. Les femmes "
                "journalistes subissent en plus le harcèlement en ligne et la violence sexuelle.",
                "Les médias communautaires de {city} couvrent la corruption locale sans formation "
                "en sécurité numérique ni soutien juridique ; l’autocensure progresse et la "
                "population perd l’accès à une information fiable."),
            "objectives": (
                "{n} journalistes de la région ({region}), majoritairement des femmes, disposent "
                "de protocoles de sécurité physique et numérique, d’un appui juridique et d’un "
                "réseau d’entraide.",
                "Renforcer le journalisme d’enquête de {n} journalistes de {city} sur la "
                "transparence et l’usage des fonds publics."),
            "group": "journalistes et communicateurs communautaires",
            "topic": "la liberté d’expression et la sécurité des journalistes",
            "outcome": "Les journalistes participants appliquent des protocoles de sécurité et "
                       "publient leurs enquêtes sans être agressés.",
            "output": "Protocole de sécurité physique et numérique adopté par les médias "
                      "participants.",
            "indicator": "Nombre de médias ayant adopté un protocole de sécurité",
            "organizations": ("Association des journalistes de {city}",
                              "Réseau des femmes journalistes — {region}"),
        },
        "en": {
            "titles": ("Protecting journalists and freedom of expression in {region}",
                       "Local investigative journalism against corruption in {city}",
                       "Network of women journalists in {region}"),
            "context": (
                "{region} has become dangerous for journalists: {n} reporters were threatened or "
                "attacked for their work in recent years. Women journalists also face online "
                "harassment and sexual violence.",
                "Community media in {city} cover local corruption with no training in digital "
                "security and no legal backing; self-censorship is growing and people are losing "
                "access to reliable information."),
            "objectives": (
                "{n} journalists in {region}, most of them women, have physical and digital "
                "safety protocols, legal advice and a mutual-support network.",
                "Strengthen the investigative reporting of {n} community journalists in {city} on "
                "transparency and the use of public funds."),
            "group": "journalists and community communicators",
            "topic": "freedom of expression and the safety of journalists",
            "outcome": "Participating journalists apply safety protocols and publish "
                       "investigations without being attacked.",
            "output": "Physical and digital safety protocol adopted by the participating media.",
            "indicator": "Number of media outlets with a safety protocol",
            "organizations": ("{region} Press Association", "{city} Community Media Network"),
        },
    }),
    Theme("climate", (5,), ("Climate change", "Agriculture", "Clean energy"), (), "mixed", False, {
        "es": {
            "titles": ("Adaptación al cambio climático con productoras de {region}",
                       "Huertos resilientes y semillas nativas en {city}",
                       "Alerta temprana comunitaria ante huracanes e inundaciones en {city}"),
            "context": (
                "Las sequías y las lluvias torrenciales cada vez más frecuentes en {region} "
                "destruyen las cosechas de maíz y frijol. En {city}, las productoras no tienen "
                "títulos de tierra ni acceso a crédito para adaptarse.",
                "En la temporada de huracanes de los últimos años, {n} familias de {city} "
                "perdieron sus cultivos y sus viviendas; no existe un sistema de alerta temprana y "
                "las mujeres quedan fuera de los comités de protección civil."),
            "objectives": (
                "Que {n} productoras de {city} adopten prácticas agroecológicas de adaptación al "
                "cambio climático y recuperen semillas nativas resistentes a la sequía.",
                "Instalar un sistema comunitario de alerta temprana en {city} con comités "
                "paritarios y planes familiares de emergencia para {n} hogares."),
            "group": "productoras y familias campesinas",
            "topic": "la adaptación al cambio climático",
            "outcome": "Las familias participantes reducen sus pérdidas de cosecha ante sequías y "
                       "lluvias extremas.",
            "output": "Parcelas demostrativas agroecológicas y banco de semillas nativas "
                      "establecidos.",
            "indicator": "Porcentaje de parcelas con prácticas de adaptación",
            "organizations": ("Unión de Productoras Agroecológicas de {region}",
                              "Red Campesina por el Clima de {city}"),
        },
        "fr": {
            "titles": ("Adaptation aux changements climatiques avec les productrices de {city}",
                       "Jardins résilients et semences locales à {city}",
                       "Alerte précoce communautaire face aux ouragans et aux inondations — "
                       "{region}"),
            "context": (
                "Les sécheresses et les pluies torrentielles, de plus en plus fréquentes dans la "
                "région ({region}), détruisent les récoltes de maïs et de haricots. À {city}, les "
                "productrices n’ont ni titre foncier ni accès au crédit pour s’adapter.",
                "Pendant les dernières saisons cycloniques, {n} familles de {city} ont perdu leurs "
                "cultures et leur maison ; il n’existe aucun système d’alerte précoce et les "
                "femmes sont absentes des comités de protection civile."),
            "objectives": (
                "{n} productrices de {city} adoptent des pratiques agroécologiques d’adaptation "
                "aux changements climatiques et retrouvent des semences locales résistantes à la "
                "sécheresse.",
                "Installer à {city} un système communautaire d’alerte précoce, avec des comités "
                "paritaires et des plans familiaux d’urgence pour {n} ménages."),
            "group": "productrices et familles paysannes",
            "topic": "l’adaptation aux changements climatiques",
            "outcome": "Les familles participantes réduisent leurs pertes de récolte lors des "
                       "sécheresses et des pluies extrêmes.",
            "output": "Parcelles de démonstration agroécologiques et banque de semences locales "
                      "établies.",
            "indicator": "Pourcentage des parcelles appliquant des pratiques d’adaptation",
            "organizations": ("Union des productrices agroécologiques de {city}",
                              "Réseau paysan pour le climat — {region}"),
        },
        "en": {
            "titles": ("Climate adaptation with women farmers in {region}",
                       "Resilient gardens and native seeds in {city}",
                       "Community early warning for hurricanes and floods in {city}"),
            "context": (
                "Droughts and torrential rains, ever more frequent in {region}, destroy the maize "
                "and bean harvests. In {city}, women farmers have neither land titles nor credit "
                "to adapt.",
                "In recent hurricane seasons, {n} families in {city} lost their crops and homes; "
                "there is no early-warning system, and women are left out of the "
                "disaster-preparedness committees."),
            "objectives": (
                "{n} women farmers in {city} adopt agro-ecological climate adaptation practices "
                "and recover drought-resistant native seeds.",
                "Set up a community early-warning system in {city}, with gender-balanced "
                "committees and family emergency plans for {n} households."),
            "group": "women farmers and farming families",
            "topic": "climate adaptation",
            "outcome": "Participating families lose fewer crops to droughts and extreme rains.",
            "output": "Agro-ecological demonstration plots and a native seed bank established.",
            "indicator": "Share of plots using adaptation practices",
            "organizations": ("{region} Women Farmers' Union", "{city} Climate Resilience Network"),
        },
    }),
    Theme("gbv", (0, 4), ("Sexual and gender-based violence",
                          "Sexual and reproductive health and rights", "Health",
                          "Child, early and forced marriage"), (), "girls", True, {
        "es": {
            "titles": ("Prevención de la violencia de género con adolescentes de {city}",
                       "Casa de acogida y acompañamiento para sobrevivientes de violencia en "
                       "{region}",
                       "Salud sexual y reproductiva para niñas y adolescentes indígenas de "
                       "{region}"),
            "context": (
                "En {region}, los feminicidios y la violencia sexual contra mujeres y niñas "
                "aumentaron en los últimos años; en {city} se registraron {n} denuncias, pero la "
                "mayoría de los casos no llega a la justicia. Las sobrevivientes no encuentran "
                "refugio ni atención psicológica.",
                "Las adolescentes de {city} enfrentan embarazos tempranos, uniones forzadas y "
                "violencia en el noviazgo; los servicios de salud no ofrecen información en su "
                "lengua ni atención amigable para jóvenes."),
            "objectives": (
                "Que {n} mujeres y adolescentes sobrevivientes de violencia de género en {city} "
                "reciban acompañamiento psicológico, jurídico y un refugio seguro.",
                "Prevenir la violencia de género y el embarazo adolescente entre {n} niñas y "
                "adolescentes de {region} mediante educación integral en sexualidad."),
            "group": "mujeres y adolescentes sobrevivientes de violencia",
            "topic": "la prevención de la violencia de género",
            "outcome": "Las sobrevivientes acompañadas acceden a la justicia y a servicios de "
                       "salud.",
            "output": "Ruta de atención a sobrevivientes acordada con las instituciones locales.",
            "indicator": "Número de sobrevivientes con acompañamiento completo",
            "organizations": ("Casa de la Mujer de {city}", "Colectiva Feminista de {region}"),
        },
        "fr": {
            "titles": ("Prévention de la violence basée sur le genre avec les adolescentes de "
                       "{city}",
                       "Maison d’accueil et accompagnement des survivantes de violence — {region}",
                       "Santé sexuelle et reproductive pour les filles et les adolescentes de "
                       "{city}"),
            "context": (
                "Dans la région ({region}), la violence sexuelle contre les femmes et les filles a "
                "augmenté ces dernières années ; {n} plaintes ont été enregistrées à {city}, mais "
                "la plupart des cas n’arrivent jamais devant la justice. Les survivantes ne "
                "trouvent ni refuge ni soutien psychologique.",
                "Les adolescentes de {city} font face aux grossesses précoces, aux unions forcées "
                "et à la violence dans les relations amoureuses ; les services de santé n’offrent "
                "ni information adaptée ni accueil pour les jeunes."),
            "objectives": (
                "{n} femmes et adolescentes survivantes de violence basée sur le genre à {city} "
                "reçoivent un accompagnement psychologique et juridique et un hébergement sûr.",
                "Prévenir la violence basée sur le genre et les grossesses précoces chez {n} "
                "filles et adolescentes de la région grâce à l’éducation complète à la "
                "sexualité."),
            "group": "femmes et adolescentes survivantes de violence",
            "topic": "la prévention de la violence basée sur le genre",
            "outcome": "Les survivantes accompagnées accèdent à la justice et aux services de "
                       "santé.",
            "output": "Circuit de prise en charge des survivantes convenu avec les institutions "
                      "locales.",
            "indicator": "Nombre de survivantes ayant reçu un accompagnement complet",
            "organizations": ("Maison des femmes de {city}", "Collectif féministe — {region}"),
        },
        "en": {
            "titles": ("Preventing gender-based violence with adolescent girls in {city}",
                       "Shelter and support for survivors of violence in {region}",
                       "Sexual and reproductive health for girls and young women in {city}"),
            "context": (
                "In {region}, sexual violence against women and girls has risen in recent years; "
                "{n} complaints were filed in {city}, yet most cases never reach a court. "
                "Survivors find neither shelter nor counselling.",
                "Adolescent girls in {city} face early pregnancy, forced unions and dating "
                "violence; health services offer no youth-friendly care or information."),
            "objectives": (
                "{n} women and adolescent survivors of gender-based violence in {city} receive "
                "counselling, legal support and a safe shelter.",
                "Prevent gender-based violence and teenage pregnancy among {n} girls and young "
                "women in {region} through comprehensive sexuality education."),
            "group": "women and adolescent survivors of violence",
            "topic": "the prevention of gender-based violence",
            "outcome": "Survivors supported reach justice and health services.",
            "output": "Referral pathway for survivors agreed with local institutions.",
            "indicator": "Number of survivors with complete support",
            "organizations": ("{city} Women's Centre", "{region} Feminist Collective"),
        },
    }),
    Theme("economic", (3, 0), ("Women's economic empowerment", "Sustainable economic growth",
                               "Agriculture"), (), "women", True, {
        "es": {
            "titles": ("Cooperativa de tejedoras y acceso a mercados justos en {city}",
                       "Grupos de ahorro y emprendimiento para mujeres de {region}",
                       "Empleo digno para mujeres jóvenes de {city}"),
            "context": (
                "Las artesanas de {city} venden sus textiles a intermediarios que pagan una "
                "fracción de su valor; sin acceso a crédito ni a mercados, {n} mujeres de la zona "
                "viven con ingresos inestables y cargan solas con el trabajo de cuidados.",
                "En {region}, el desempleo de las mujeres jóvenes duplica al de los hombres y los "
                "empleos disponibles son informales y sin protección contra el acoso."),
            "objectives": (
                "Que {n} mujeres artesanas de {city} fortalezcan su cooperativa, mejoren sus "
                "ingresos y vendan directamente en mercados justos.",
                "Que {n} mujeres de {region} creen grupos de ahorro y pongan en marcha "
                "emprendimientos con un plan de negocio viable."),
            "group": "mujeres artesanas y emprendedoras",
            "topic": "la autonomía económica de las mujeres",
            "outcome": "Las mujeres participantes aumentan sus ingresos y controlan su uso.",
            "output": "Cooperativa constituida y canales de venta directa abiertos.",
            "indicator": "Ingreso mensual promedio de las participantes",
            "organizations": ("Cooperativa de Tejedoras de {city}",
                              "Mujeres Emprendedoras de {region}"),
        },
        "fr": {
            "titles": ("Coopérative de couturières et accès aux marchés équitables à {city}",
                       "Groupes d’épargne et entrepreneuriat des femmes de {city}",
                       "Emplois décents pour les jeunes femmes — {region}"),
            "context": (
                "Les artisanes de {city} vendent leur production à des intermédiaires qui en "
                "paient une fraction de la valeur ; sans crédit ni accès aux marchés, {n} femmes "
                "de la zone vivent de revenus instables et assument seules le travail de soins.",
                "Dans la région ({region}), le chômage des jeunes femmes est deux fois plus élevé "
                "que celui des hommes, et les emplois offerts sont informels et sans protection "
                "contre le harcèlement."),
            "objectives": (
                "{n} artisanes de {city} renforcent leur coopérative, augmentent leurs revenus et "
                "vendent directement sur des marchés équitables.",
                "{n} femmes de {city} créent des groupes d’épargne et lancent des activités "
                "génératrices de revenus avec un plan d’affaires viable."),
            "group": "artisanes et entrepreneuses",
            "topic": "l’autonomie économique des femmes",
            "outcome": "Les femmes participantes augmentent leurs revenus et en contrôlent "
                       "l’usage.",
            "output": "Coopérative constituée et circuits de vente directe ouverts.",
            "indicator": "Revenu mensuel moyen des participantes",
            "organizations": ("Coopérative des couturières de {city}",
                              "Femmes entrepreneures — {region}"),
        },
        "en": {
            "titles": ("Women weavers' cooperative and fair markets in {city}",
                       "Savings groups and enterprise for women in {region}",
                       "Decent jobs for young women in {city}"),
            "context": (
                "Women artisans in {city} sell their crafts to middlemen who pay a fraction of "
                "their value; without credit or market access, {n} women in the area live on "
                "unstable incomes and carry unpaid care work alone.",
                "In {region}, unemployment among young women is twice that of young men, and the "
                "jobs on offer are informal and unprotected against harassment."),
            "objectives": (
                "{n} women artisans in {city} strengthen their cooperative, raise their incomes "
                "and sell directly in fair-trade markets.",
                "{n} women in {region} form savings groups and launch enterprises with a viable "
                "business plan."),
            "group": "women artisans and entrepreneurs",
            "topic": "women's economic empowerment",
            "outcome": "Participating women earn more and control how their income is used.",
            "output": "Cooperative registered and direct sales channels opened.",
            "indicator": "Average monthly income of participants",
            "organizations": ("{city} Women Weavers' Cooperative",
                              "{region} Women in Business Association"),
        },
    }),
    Theme("youth_violence", (2,), ("Mediation and peacebuilding", "Countering violent extremism",
                                   "Rule of law"), (), "youth", False, {
        "es": {
            "titles": ("Prevención de la violencia juvenil en barrios de {city}",
                       "Jóvenes mediadores por la paz en {region}",
                       "Arte y deporte contra el reclutamiento de adolescentes en {city}"),
            "context": (
                "En los barrios periféricos de {city}, las pandillas y grupos armados reclutan a "
                "adolescentes desde los 12 años; en el último año {n} jóvenes fueron víctimas de "
                "homicidio en {region}.",
                "La desconfianza entre la juventud y la policía de {city} alimenta la violencia; "
                "las jóvenes sufren además acoso y violencia sexual en el espacio público."),
            "objectives": (
                "Que {n} adolescentes y jóvenes de {city} participen en programas de arte, deporte "
                "y mediación que los alejen de la violencia.",
                "Formar a {n} jóvenes mediadoras y mediadores comunitarios de {region} y abrir un "
                "diálogo permanente con la policía local."),
            "group": "adolescentes y jóvenes de barrios periféricos",
            "topic": "la prevención de la violencia juvenil",
            "outcome": "Las y los jóvenes participantes resuelven conflictos sin violencia y "
                       "permanecen en la escuela.",
            "output": "Red de jóvenes mediadores formada y activa en los barrios.",
            "indicator": "Número de conflictos mediados por jóvenes",
            "organizations": ("Jóvenes Constructores de Paz de {city}",
                              "Colectivo Barrio Seguro de {region}"),
        },
        "fr": {
            "titles": ("Prévention de la violence chez les jeunes des quartiers de {city}",
                       "Jeunes médiatrices et médiateurs pour la paix — {region}",
                       "Art et sport contre le recrutement des adolescents à {city}"),
            "context": (
                "Dans les quartiers périphériques de {city}, les gangs recrutent des adolescents "
                "dès 12 ans ; l’an dernier, {n} jeunes ont été victimes d’homicide dans la région "
                "({region}).",
                "La méfiance entre les jeunes et la police de {city} alimente la violence ; les "
                "jeunes femmes subissent en plus le harcèlement et la violence sexuelle dans "
                "l’espace public."),
            "objectives": (
                "{n} adolescents et jeunes de {city} participent à des programmes d’art, de sport "
                "et de médiation qui les éloignent de la violence.",
                "Former {n} jeunes médiatrices et médiateurs communautaires et ouvrir un dialogue "
                "permanent avec la police locale de {city}."),
            "group": "adolescents et jeunes des quartiers périphériques",
            "topic": "la prévention de la violence chez les jeunes",
            "outcome": "Les jeunes participants règlent les conflits sans violence et restent à "
                       "l’école.",
            "output": "Réseau de jeunes médiateurs formé et actif dans les quartiers.",
            "indicator": "Nombre de conflits résolus par les jeunes médiateurs",
            "organizations": ("Jeunes bâtisseurs de paix de {city}",
                              "Collectif Quartier sûr — {region}"),
        },
        "en": {
            "titles": ("Preventing youth violence in {city} neighbourhoods",
                       "Young mediators for peace in {region}",
                       "Art and sport against gang recruitment in {city}"),
            "context": (
                "In the inner-city communities of {city}, gangs recruit boys and girls from the "
                "age of 12; last year {n} young people were murdered in {region}.",
                "Distrust between young people and the police in {city} feeds violence; young "
                "women also face harassment and sexual violence in public spaces."),
            "objectives": (
                "{n} adolescents and young people in {city} join art, sport and mediation "
                "programmes that keep them away from violence.",
                "Train {n} young community mediators in {region} and open a standing dialogue "
                "with the local police."),
            "group": "adolescents and young people from inner-city communities",
            "topic": "youth violence prevention",
            "outcome": "Participating young people resolve conflicts without violence and stay "
                       "in school.",
            "output": "Network of young mediators trained and active in the communities.",
            "indicator": "Number of conflicts mediated by young people",
            "organizations": ("{city} Youth Peacebuilders", "{region} Safe Communities Collective"),
        },
    }),
)  # fmt: skip
