/* demo_places.c - the demo mission's map of Kazakhstan: real regions and
 * cities with approximate coordinates and electorates, generated districts
 * and polling stations, and real embassies and consulates abroad.
 *
 * The sizes follow the shape of the real figures (about 10,000 stations,
 * 12 million voters, towns 1,500-3,000 voters a station, villages 100-1,200);
 * district, village and school names are made up. */
#include <math.h>
#include <string.h>

#include "cli/demo_places.h"
#include "cli/demo_rng.h"
#include "model/country.h"

#define URBAN_MIN          1500
#define URBAN_MAX          3000
#define URBAN_MEAN         ((URBAN_MIN + URBAN_MAX) / 2)
#define RURAL_MIN          100
#define RURAL_MAX          1200
#define RURAL_MEAN         690 /* of RURAL_MIN + (RURAL_MAX - RURAL_MIN) * u^RURAL_SKEW */
#define RURAL_SKEW         0.86
#define CENTRE_URBAN_SHARE 0.6 /* of a region's town stations, in its centre */
#define MAX_DISTRICTS      24

/* ---- the regions ---- */

struct region {
	const char *name;        /* Kazakh */
	const char *level;       /* "region" or "city" */
	const char *centre;      /* administrative centre, Kazakh */
	double clat, clon;       /* the centre */
	double lat, lon, spread; /* middle of the region; half-size in degrees */
	int voters_k;            /* registered voters, thousands (approximate) */
	int urban_pct;           /* share of voters living in towns */
	int districts;           /* rural districts (regions) */
	const char *const *city_districts; /* the real districts (cities) */
};

static const char *const astana_districts[] = {
    "Алматы ауданы",   "Байқоңыр ауданы", "Есіл ауданы",
    "Сарыарқа ауданы", "Нұра ауданы",     NULL,
};
static const char *const almaty_districts[] = {
    "Алатау ауданы",    "Алмалы ауданы",  "Әуезов ауданы",
    "Бостандық ауданы", "Жетісу ауданы",  "Медеу ауданы",
    "Наурызбай ауданы", "Түрксіб ауданы", NULL,
};
static const char *const shymkent_districts[] = {
    "Абай ауданы",    "Әл-Фараби ауданы", "Еңбекші ауданы",
    "Қаратау ауданы", "Тұран ауданы",     NULL,
};

/* Numbered 01-20 in this order; station codes start with the number. */
static const struct region regions[] = {
    {"Абай облысы", "region", "Семей", 50.411, 80.227, 48.6, 80.0, 1.6, 420, 55, 10,
     NULL},
    {"Ақмола облысы", "region", "Көкшетау", 53.284, 69.396, 51.9, 70.3, 1.3, 540, 48, 17,
     NULL},
    {"Ақтөбе облысы", "region", "Ақтөбе", 50.283, 57.167, 48.8, 58.5, 1.8, 580, 68, 12,
     NULL},
    {"Алматы облысы", "region", "Қонаев", 43.867, 77.067, 43.6, 77.8, 0.9, 870, 30, 9,
     NULL},
    {"Атырау облысы", "region", "Атырау", 47.117, 51.883, 47.3, 52.9, 1.1, 390, 56, 7,
     NULL},
    {"Шығыс Қазақстан облысы", "region", "Өскемен", 49.948, 82.628, 49.3, 83.6, 1.1, 500,
     63, 9, NULL},
    {"Жамбыл облысы", "region", "Тараз", 42.900, 71.367, 44.0, 72.3, 1.2, 690, 42, 10,
     NULL},
    {"Жетісу облысы", "region", "Талдықорған", 45.017, 78.367, 45.2, 79.3, 0.9, 460, 40,
     8, NULL},
    {"Батыс Қазақстан облысы", "region", "Орал", 51.233, 51.367, 50.4, 51.5, 1.4, 450, 52,
     12, NULL},
    {"Қарағанды облысы", "region", "Қарағанды", 49.806, 73.085, 48.8, 74.5, 1.5, 780, 80,
     9, NULL},
    {"Қостанай облысы", "region", "Қостанай", 53.214, 63.624, 51.6, 63.7, 1.7, 590, 52,
     16, NULL},
    {"Қызылорда облысы", "region", "Қызылорда", 44.853, 65.509, 44.9, 64.4, 1.4, 480, 45,
     7, NULL},
    {"Маңғыстау облысы", "region", "Ақтау", 43.651, 51.160, 43.9, 53.2, 1.1, 420, 42, 7,
     NULL},
    {"Павлодар облысы", "region", "Павлодар", 52.287, 76.967, 52.0, 76.4, 1.2, 520, 70,
     10, NULL},
    {"Солтүстік Қазақстан облысы", "region", "Петропавл", 54.867, 69.150, 54.0, 70.0, 0.9,
     380, 38, 13, NULL},
    {"Түркістан облысы", "region", "Түркістан", 43.297, 68.252, 42.6, 68.8, 1.0, 1100, 22,
     14, NULL},
    {"Ұлытау облысы", "region", "Жезқазған", 47.783, 67.767, 47.5, 66.8, 1.5, 150, 75, 7,
     NULL},
    {"Астана қаласы", "city", "Астана", 51.169, 71.449, 51.169, 71.449, 0.08, 780, 100, 0,
     astana_districts},
    {"Алматы қаласы", "city", "Алматы", 43.238, 76.946, 43.238, 76.946, 0.08, 1270, 100,
     0, almaty_districts},
    {"Шымкент қаласы", "city", "Шымкент", 42.317, 69.597, 42.317, 69.597, 0.07, 610, 100,
     0, shymkent_districts},
};

#define CAPITAL 18 /* Astana's number: its stations are the "capital" stratum */

/* Parts of made-up Kazakh place names: a root and an ending ("Ақ" + "су"). */
static const char *const name_roots[] = {
    "Ақ",  "Қара",  "Сары", "Көк",  "Жаңа", "Ұзын", "Қызыл", "Алтын",
    "Бес", "Шұбар", "Тал",  "Ескі", "Кең",  "Боз",  "Бай",   "Құм",
};
static const char *const name_ends[] = {
    "су",    "тау",  "көл",  "жар",  "құдық", "бұлақ",  "өзек",  "тоғай",
    "қайың", "төбе", "шоқы", "арал", "дала",  "қорған", "терек", "арық",
};
#define NROOTS (sizeof(name_roots) / sizeof(name_roots[0]))
#define NENDS  (sizeof(name_ends) / sizeof(name_ends[0]))

/* ---- abroad ---- */

struct post {
	const char *country; /* alpha-2 */
	const char *city;    /* Russian */
	int consulate;       /* 0: embassy */
	double lat, lon;
	int voters; /* typical number of voters on its list */
};

static const struct post posts[] = {
    {"RU", "Москва", 0, 55.751, 37.618, 2600},
    {"RU", "Санкт-Петербург", 1, 59.939, 30.316, 900},
    {"RU", "Казань", 1, 55.796, 49.108, 350},
    {"RU", "Омск", 1, 54.989, 73.368, 600},
    {"RU", "Астрахань", 1, 46.347, 48.034, 500},
    {"RU", "Новосибирск", 1, 55.030, 82.920, 450},
    {"RU", "Екатеринбург", 1, 56.838, 60.597, 400},
    {"UZ", "Ташкент", 0, 41.311, 69.280, 900},
    {"KG", "Бишкек", 0, 42.875, 74.590, 800},
    {"KG", "Ош", 1, 40.530, 72.800, 200},
    {"TJ", "Душанбе", 0, 38.560, 68.787, 250},
    {"TM", "Ашхабад", 0, 37.950, 58.380, 200},
    {"AZ", "Баку", 0, 40.409, 49.867, 300},
    {"AM", "Ереван", 0, 40.179, 44.499, 150},
    {"GE", "Тбилиси", 0, 41.716, 44.783, 350},
    {"BY", "Минск", 0, 53.902, 27.562, 400},
    {"MD", "Кишинёв", 0, 47.011, 28.864, 100},
    {"TR", "Анкара", 0, 39.933, 32.860, 400},
    {"TR", "Стамбул", 1, 41.008, 28.978, 1100},
    {"DE", "Берлин", 0, 52.520, 13.405, 800},
    {"DE", "Франкфурт-на-Майне", 1, 50.110, 8.682, 700},
    {"FR", "Париж", 0, 48.857, 2.352, 450},
    {"GB", "Лондон", 0, 51.507, -0.128, 600},
    {"IT", "Рим", 0, 41.903, 12.496, 250},
    {"ES", "Мадрид", 0, 40.417, -3.704, 250},
    {"NL", "Гаага", 0, 52.070, 4.300, 250},
    {"BE", "Брюссель", 0, 50.850, 4.352, 300},
    {"AT", "Вена", 0, 48.208, 16.374, 300},
    {"CH", "Берн", 0, 46.948, 7.447, 200},
    {"PL", "Варшава", 0, 52.230, 21.012, 450},
    {"CZ", "Прага", 0, 50.076, 14.438, 450},
    {"HU", "Будапешт", 0, 47.498, 19.040, 250},
    {"SE", "Стокгольм", 0, 59.329, 18.069, 150},
    {"FI", "Хельсинки", 0, 60.170, 24.938, 150},
    {"LT", "Вильнюс", 0, 54.687, 25.280, 250},
    {"LV", "Рига", 0, 56.950, 24.106, 250},
    {"EE", "Таллин", 0, 59.437, 24.754, 100},
    {"NO", "Осло", 0, 59.914, 10.752, 100},
    {"GR", "Афины", 0, 37.984, 23.728, 150},
    {"BG", "София", 0, 42.698, 23.322, 150},
    {"RO", "Бухарест", 0, 44.427, 26.103, 150},
    {"US", "Вашингтон", 0, 38.907, -77.037, 700},
    {"US", "Нью-Йорк", 1, 40.713, -74.006, 1000},
    {"US", "Сан-Франциско", 1, 37.775, -122.418, 500},
    {"CA", "Оттава", 0, 45.421, -75.697, 400},
    {"CN", "Пекин", 0, 39.904, 116.407, 600},
    {"CN", "Шанхай", 1, 31.230, 121.474, 400},
    {"CN", "Гуанчжоу", 1, 23.129, 113.264, 250},
    {"CN", "Урумчи", 1, 43.825, 87.617, 300},
    {"CN", "Сянган", 1, 22.320, 114.170, 150},
    {"MN", "Улан-Батор", 0, 47.886, 106.906, 200},
    {"KR", "Сеул", 0, 37.567, 126.978, 1200},
    {"JP", "Токио", 0, 35.682, 139.692, 250},
    {"IN", "Нью-Дели", 0, 28.614, 77.209, 150},
    {"PK", "Исламабад", 0, 33.684, 73.048, 80},
    {"IR", "Тегеран", 0, 35.689, 51.389, 100},
    {"AE", "Абу-Даби", 0, 24.453, 54.377, 500},
    {"AE", "Дубай", 1, 25.205, 55.271, 900},
    {"SA", "Эр-Рияд", 0, 24.713, 46.675, 150},
    {"SA", "Джидда", 1, 21.485, 39.193, 250},
    {"QA", "Доха", 0, 25.286, 51.533, 200},
    {"KW", "Эль-Кувейт", 0, 29.376, 47.977, 100},
    {"EG", "Каир", 0, 30.044, 31.236, 250},
    {"IL", "Тель-Авив", 0, 32.085, 34.782, 450},
    {"JO", "Амман", 0, 31.946, 35.928, 80},
    {"MY", "Куала-Лумпур", 0, 3.139, 101.687, 250},
    {"SG", "Сингапур", 0, 1.290, 103.852, 150},
    {"TH", "Бангкок", 0, 13.756, 100.502, 200},
    {"VN", "Ханой", 0, 21.028, 105.854, 80},
    {"ID", "Джакарта", 0, -6.208, 106.846, 80},
    {"AU", "Канберра", 0, -35.281, 149.130, 200},
    {"BR", "Бразилиа", 0, -15.794, -47.882, 60},
};

/* ---- helpers ---- */

/* Round a coordinate to 4 decimals (about 10 m). */
static double round4(double x)
{
	return round(x * 1e4) / 1e4;
}

/* x plus a uniform offset in [-half, +half]. */
static double jitter(struct demo_rng *r, double x, double half)
{
	return x + (demo_rng_unit(r) * 2 - 1) * half;
}

static void add_place(struct demo_plan *p, const char *code, const char *name,
                      const char *level, const char *parent, double lat, double lon)
{
	struct location l = {0};

	l.code = code;
	l.name = name;
	l.level = level;
	l.parent = parent;
	l.registered_voters = -1;
	l.has_coords = true;
	l.latitude = round4(lat);
	l.longitude = round4(lon);
	demo_plan_add_location(p, &l);
}

/* A made-up place name not yet in used[] (a root x ending bitmap). */
static const char *place_name(struct demo_rng *r, unsigned char used[NROOTS * NENDS],
                              struct demo_plan *p)
{
	size_t k;

	do
		k = demo_rng_below(r, NROOTS * NENDS);
	while (used && used[k]);
	if (used)
		used[k] = 1;
	return demo_plan_fmt(p, "%s%s", name_roots[k / NENDS], name_ends[k % NENDS]);
}

/* The building a town station is in. */
static const char *town_venue(struct demo_rng *r, struct demo_plan *p)
{
	double u = demo_rng_unit(r);

	if (u < 0.80)
		return demo_plan_fmt(p, "№ %d мектеп", (int)demo_rng_range(r, 1, 95));
	if (u < 0.88)
		return demo_plan_fmt(p, "№ %d колледж", (int)demo_rng_range(r, 1, 30));
	if (u < 0.95)
		return "Мәдениет үйі";
	return "Спорт кешені";
}

/* ---- one region ---- */

struct district {
	const char *code;
	double lat, lon;
	double weight;    /* share of the region's stations it draws */
	int urban, rural; /* stations in its towns and villages */
};

/* Spread n stations over the districts d[from..nd) by their weights; urban
 * or rural. */
static void spread(struct demo_rng *r, struct district *d, int from, int nd, int n,
                   int urban)
{
	double sum = 0;

	for (int i = from; i < nd; i++)
		sum += d[i].weight;
	for (int k = 0; k < n; k++) {
		double x = demo_rng_unit(r) * sum;
		int i = from;

		while (i < nd - 1 && x >= d[i].weight) {
			x -= d[i].weight;
			i++;
		}
		if (urban)
			d[i].urban++;
		else
			d[i].rural++;
	}
}

static void add_station(struct demo_plan *p, struct demo_rng *r, int region_no,
                        int number, const struct district *d, int urban)
{
	struct location l = {0};
	const char *where;

	l.code = demo_plan_fmt(p, "%02d-%04d", region_no, number);
	l.level = "station";
	l.parent = d->code;
	l.has_coords = true;
	if (urban) {
		where = town_venue(r, p);
		l.registered_voters = demo_rng_range(r, URBAN_MIN, URBAN_MAX);
		l.latitude = round4(jitter(r, d->lat, 0.04));
		l.longitude = round4(jitter(r, d->lon, 0.06));
		l.stratum = region_no == CAPITAL ? "capital" : "urban";
	} else {
		where = demo_plan_fmt(p, "%s ауылы", place_name(r, NULL, p));
		l.registered_voters =
		    RURAL_MIN + (int64_t)((RURAL_MAX - RURAL_MIN) *
		                          pow(demo_rng_unit(r), RURAL_SKEW));
		l.latitude = round4(jitter(r, d->lat, 0.25));
		l.longitude = round4(jitter(r, d->lon, 0.35));
		l.stratum = "rural";
	}
	l.name = demo_plan_fmt(p, "№ %d сайлау учаскесі, %s", number, where);
	demo_plan_add_location(p, &l);
}

static void plan_region(struct demo_plan *p, struct demo_rng *r, int no,
                        const struct region *rg)
{
	struct district d[MAX_DISTRICTS];
	unsigned char used[NROOTS * NENDS] = {0};
	const char *code = demo_plan_fmt(p, "R%02d", no);
	double voters = rg->voters_k * 1000.0;
	int nd = 0, urban, rural, number = 0;

	add_place(p, code, rg->name, rg->level, "KZ", rg->lat, rg->lon);
	/* Each district or city gets a node of level "territory": it stands
	 * for its territorial election commission, which sits above the
	 * stations and tabulates their protocols.  It keeps the place's name. */
	if (rg->city_districts) {
		for (; rg->city_districts[nd]; nd++) {
			d[nd].code = demo_plan_fmt(p, "%s-D%02d", code, nd + 1);
			d[nd].lat = jitter(r, rg->clat, rg->spread);
			d[nd].lon = jitter(r, rg->clon, rg->spread * 1.4);
			add_place(p, d[nd].code, rg->city_districts[nd], "territory",
			          code, d[nd].lat, d[nd].lon);
		}
	} else {
		/* The centre first: the commission of the region's centre city. */
		d[nd].code = demo_plan_fmt(p, "%s-D01", code);
		d[nd].lat = rg->clat;
		d[nd].lon = rg->clon;
		add_place(p, d[nd].code, demo_plan_fmt(p, "%s қаласы", rg->centre),
		          "territory", code, d[nd].lat, d[nd].lon);
		for (nd = 1; nd <= rg->districts && nd < MAX_DISTRICTS; nd++) {
			d[nd].code = demo_plan_fmt(p, "%s-D%02d", code, nd + 1);
			d[nd].lat = jitter(r, rg->lat, rg->spread);
			d[nd].lon = jitter(r, rg->lon, rg->spread * 1.4);
			add_place(p, d[nd].code,
			          demo_plan_fmt(p, "%s ауданы", place_name(r, used, p)),
			          "territory", code, d[nd].lat, d[nd].lon);
		}
	}
	for (int i = 0; i < nd; i++) {
		d[i].weight = 0.5 + demo_rng_unit(r);
		d[i].urban = d[i].rural = 0;
	}

	urban = (int)lround(voters * rg->urban_pct / 100 / URBAN_MEAN);
	rural = (int)lround(voters * (100 - rg->urban_pct) / 100 / RURAL_MEAN);
	if (rg->city_districts) {
		spread(r, d, 0, nd, urban, 1);
	} else {
		d[0].urban = (int)lround(urban * CENTRE_URBAN_SHARE);
		spread(r, d, 1, nd, urban - d[0].urban, 1);
		spread(r, d, 1, nd, rural, 0);
	}
	for (int i = 0; i < nd; i++) {
		for (int k = 0; k < d[i].urban; k++)
			add_station(p, r, no, ++number, &d[i], 1);
		for (int k = 0; k < d[i].rural; k++)
			add_station(p, r, no, ++number, &d[i], 0);
	}
}

/* ---- abroad ---- */

static void plan_abroad(struct demo_plan *p, struct demo_rng *r)
{
	struct location l = {0};

	l.code = DEMO_ABROAD_CODE;
	l.name = "Избирательные участки за рубежом";
	l.level = "abroad";
	l.parent = "KZ";
	l.registered_voters = -1;
	demo_plan_add_location(p, &l);
	for (size_t i = 0; i < sizeof(posts) / sizeof(posts[0]); i++) {
		const struct post *po = &posts[i];
		const struct country *c = country_by_code(po->country);

		l.code = demo_plan_fmt(p, "%s-%03zu", DEMO_ABROAD_CODE, i + 1);
		l.name = demo_plan_fmt(p, "%s РК, %s (%s)",
		                       po->consulate ? "Генеральное консульство"
		                                     : "Посольство",
		                       po->city, c ? c->name_ru : po->country);
		l.level = "station";
		l.parent = DEMO_ABROAD_CODE;
		l.registered_voters =
		    (int64_t)lround(po->voters * (0.8 + 0.4 * demo_rng_unit(r)));
		l.has_coords = true;
		l.latitude = round4(jitter(r, po->lat, 0.01));
		l.longitude = round4(jitter(r, po->lon, 0.01));
		l.stratum = "abroad";
		demo_plan_add_location(p, &l);
	}
}

void demo_places_plan(struct demo_plan *p, uint64_t seed)
{
	struct demo_rng r;

	demo_rng_seed(&r, seed);
	add_place(p, "KZ", "Қазақстан Республикасы", "country", NULL, 48.0, 67.0);
	for (size_t i = 0; i < sizeof(regions) / sizeof(regions[0]); i++)
		plan_region(p, &r, (int)i + 1, &regions[i]);
	plan_abroad(p, &r);
}
