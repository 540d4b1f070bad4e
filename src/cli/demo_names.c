/* demo_names.c - per-country name lists, mobile number plans and languages
 * for the demo's observers, and a transliteration to ASCII for e-mails.
 *
 * The lists hold common names of each country; the people made from them
 * are invented.  Mobile prefixes are real operators' prefixes, but the
 * numbers are random (no SMS is ever sent by the demo). */
#include <string.h>

#include "cli/demo_names.h"
#include "model/country.h"

#define L(...) ((const char *const[]){__VA_ARGS__, NULL})

enum {
	FAMILY_FIRST = 1 << 0,    /* "Nagy László", "Wang Wei" */
	FEMININE_SUFFIX = 1 << 1, /* Ivanov -> Ivanova, Kowalski -> Kowalska */
};

struct demo_nation {
	const char *cc;
	const char *languages;
	const char *const *male, *const *female;
	const char *const *family;   /* as a man's name */
	const char *const *family_f; /* as a woman's, same order; NULL: derived */
	int flags;
	const char *const *mobile; /* mobile prefixes after the calling code */
	int nsn;                   /* digits after the calling code */
};

/* ---- first names shared by several countries ---- */

static const char *const ru_m[] = {
    "Александр", "Сергей",  "Дмитрий", "Андрей", "Алексей", "Михаил", "Игорь",
    "Владимир",  "Николай", "Евгений", "Павел",  "Олег",    NULL};
static const char *const ru_f[] = {"Елена", "Ольга",     "Наталья", "Татьяна",
                                   "Ирина", "Светлана",  "Анна",    "Мария",
                                   "Юлия",  "Екатерина", NULL};
static const char *const de_m[] = {"Thomas",    "Michael", "Andreas", "Stefan",
                                   "Christian", "Markus",  "Jürgen",  "Klaus",
                                   "Matthias",  "Tobias",  NULL};
static const char *const de_f[] = {"Sabine", "Claudia", "Katrin",   "Julia", "Anja",
                                   "Birgit", "Susanne", "Stefanie", NULL};
static const char *const en_m[] = {"James",   "John",    "Robert", "Michael", "David",
                                   "William", "Richard", "Thomas", "Daniel",  "Andrew",
                                   "Peter",   "Mark",    NULL};
static const char *const en_f[] = {"Mary",      "Sarah", "Emma",   "Elizabeth",
                                   "Jennifer",  "Laura", "Rachel", "Helen",
                                   "Catherine", "Susan", NULL};
static const char *const ar_m[] = {"Abdullah", "Mohammed", "Ahmed",   "Khalid", "Omar",
                                   "Youssef",  "Faisal",   "Mahmoud", NULL};
static const char *const ar_f[] = {"Fatima", "Nour",  "Mariam", "Huda",
                                   "Aisha",  "Salma", NULL};
static const char *const ro_m[] = {"Ion",       "Andrei",  "Mihai",  "Vasile",
                                   "Alexandru", "Nicolae", "Sergiu", "Dumitru",
                                   "Radu",      "Ștefan",  NULL};
static const char *const ro_f[] = {"Maria",   "Elena",   "Ana",   "Ioana", "Cristina",
                                   "Natalia", "Mihaela", "Doina", NULL};

/* ---- the nations ---- */

static const struct demo_nation nations[] = {
    {"KZ", "kk;ru",
     L("Асхат", "Ерлан", "Нұрлан", "Дәурен", "Бауыржан", "Ержан", "Мұрат", "Серік",
       "Арман", "Ғалым", "Қайрат", "Әділет", "Жандос", "Талғат", "Сергей", "Андрей",
       "Виктор", "Тимур"),
     L("Айгерім", "Гүлназ", "Динара", "Жанар", "Әсел", "Мадина", "Салтанат", "Ақмарал",
       "Гүлмира", "Назерке", "Аружан", "Меруерт", "Елена", "Ольга", "Алия", "Жанна"),
     L("Ахметов", "Сейітқалиев", "Жұмабаев", "Нұрпейісов", "Қасымов", "Оспанов",
       "Төлеуов", "Сәрсенбаев", "Бекмұхамбетов", "Ыбыраев", "Әбдіқадыров", "Мұқанов",
       "Тоқтаров", "Исабеков", "Омаров", "Рахымжанов", "Иманғалиев", "Ким", "Цой",
       "Иванов", "Шевченко", "Байжанов", "Серікбаев", "Қуанышев"),
     NULL, FEMININE_SUFFIX,
     L("700", "701", "702", "705", "707", "708", "747", "771", "775", "776", "777",
       "778"),
     10},
    {"RU", "ru", ru_m, ru_f,
     L("Иванов", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Козлов",
       "Новиков", "Морозов", "Волков", "Соловьёв", "Васильев", "Зайцев", "Павлов",
       "Семёнов", "Голубев", "Виноградов", "Богданов", "Фёдоров", "Никитин",
       "Ковалевский", "Орлов", "Макаров", "Беляев"),
     NULL, FEMININE_SUFFIX,
     L("903", "905", "910", "915", "916", "925", "926", "985", "999"), 10},
    {"BY", "ru;be",
     L("Александр", "Сергей", "Андрей", "Виктор", "Игорь", "Дмитрий", "Павел", "Василий"),
     L("Елена", "Ольга", "Наталья", "Ирина", "Людмила", "Татьяна", "Анастасия"),
     L("Ковалёв", "Лукашевич", "Новик", "Мельник", "Климович", "Шевчук", "Романович",
       "Ковальчук", "Жук", "Марченко", "Богданович", "Карпович", "Савицкий"),
     NULL, FEMININE_SUFFIX, L("29", "33", "44", "25"), 9},
    {"KG", "ky;ru",
     L("Азамат", "Бакыт", "Нурлан", "Улан", "Талант", "Эрлан", "Канат", "Мирлан",
       "Жыргалбек", "Алмазбек"),
     L("Айжан", "Гульнара", "Жылдыз", "Нургуль", "Асель", "Бермет", "Чолпон", "Айгуль"),
     L("Абдыкалыков", "Токтогулов", "Жээнбеков", "Сыдыков", "Осмонов", "Мамытов",
       "Бекташев", "Асанов", "Кадыров", "Исаков", "Жапаров", "Турдубаев"),
     NULL, FEMININE_SUFFIX, L("555", "700", "770", "550", "777"), 9},
    {"TJ", "tg;ru",
     L("Фаррух", "Рустам", "Далер", "Шухрат", "Бахтиёр", "Джамшед", "Сухроб", "Манучехр"),
     L("Мехрангез", "Нигина", "Зарина", "Малика", "Гулноза", "Парвина"),
     L("Рахимов", "Сафаров", "Назаров", "Каримов", "Шарипов", "Холов", "Мирзоев",
       "Давлатов", "Саидов", "Рахмонов", "Юсуфов"),
     NULL, FEMININE_SUFFIX, L("90", "91", "92", "93", "98"), 9},
    {"UZ", "uz;ru",
     L("Aziz", "Bekzod", "Jasur", "Sardor", "Rustam", "Otabek", "Sherzod", "Ulugʻbek"),
     L("Dilnoza", "Gulnora", "Nilufar", "Madina", "Shahnoza", "Zarina"),
     L("Karimov", "Rakhimov", "Yusupov", "Abdullayev", "Ismoilov", "Mirzayev", "Nazarov",
       "Saidov", "Kholmatov", "Umarov", "Tursunov"),
     NULL, FEMININE_SUFFIX, L("90", "91", "93", "94", "97", "99"), 9},
    {"AZ", "az;ru;tr",
     L("Elçin", "Rəşad", "Orxan", "Tural", "Kamran", "Vüqar", "Elnur", "Ramin"),
     L("Aynur", "Leyla", "Günel", "Nərgiz", "Səbinə", "Aysel"),
     L("Məmmədov", "Əliyev", "Hüseynov", "Quliyev", "Həsənov", "İsmayılov", "Rzayev",
       "Abbasov", "Cəfərov", "Babayev"),
     NULL, FEMININE_SUFFIX, L("50", "51", "55", "70", "77"), 9},
    {"AM", "hy;ru",
     L("Armen", "Davit", "Tigran", "Aram", "Gevorg", "Hayk", "Vardan", "Artur"),
     L("Anahit", "Lilit", "Nune", "Mariam", "Ani", "Gayane"),
     L("Hakobyan", "Petrosyan", "Grigoryan", "Sargsyan", "Harutyunyan", "Khachatryan",
       "Vardanyan", "Karapetyan", "Mkrtchyan", "Avetisyan"),
     NULL, 0, L("91", "93", "94", "77", "99"), 8},
    {"MD", "ro;ru", ro_m, ro_f,
     L("Rusu", "Ciobanu", "Ceban", "Lungu", "Cojocaru", "Moraru", "Țurcanu", "Munteanu",
       "Sârbu", "Guțu"),
     NULL, 0, L("60", "67", "68", "69", "78", "79"), 8},
    {"TM", "tk;ru", L("Merdan", "Serdar", "Batyr", "Döwlet", "Atabeg", "Maksat", "Ýusup"),
     L("Aýna", "Gözel", "Jemal", "Mähri", "Ogulgerek", "Bahar"),
     L("Annaýew", "Orazow", "Berdiýew", "Ataýew", "Hojaýew", "Nurmuhammedow", "Gurbanow",
       "Meredow"),
     NULL, FEMININE_SUFFIX, L("61", "62", "63", "65"), 8},
    {"GE", "ka;en;ru",
     L("Giorgi", "Davit", "Levan", "Irakli", "Nikoloz", "Zurab", "Lasha"),
     L("Nino", "Tamar", "Ketevan", "Mariam", "Natia", "Salome"),
     L("Beridze", "Kapanadze", "Gelashvili", "Maisuradze", "Lomidze", "Tsiklauri",
       "Bolkvadze", "Kvaratskhelia", "Javakhishvili"),
     NULL, 0, L("555", "557", "558", "577", "591", "595", "599"), 9},
    {"DE", "de;en", de_m, de_f,
     L("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
       "Hoffmann", "Schäfer", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann"),
     NULL, 0, L("151", "152", "157", "160", "170", "171", "172", "176"), 11},
    {"AT", "de;en", de_m, de_f,
     L("Gruber", "Huber", "Bauer", "Wagner", "Pichler", "Steiner", "Moser", "Mayer",
       "Hofer", "Leitner", "Berger"),
     NULL, 0, L("664", "676", "650", "699"), 10},
    {"CH", "de;fr;en", de_m, de_f,
     L("Müller", "Meier", "Schmid", "Keller", "Weber", "Huber", "Steiner", "Gerber",
       "Brunner", "Baumann"),
     NULL, 0, L("76", "77", "78", "79"), 9},
    {"FR", "fr;en",
     L("Jean", "Pierre", "Philippe", "Nicolas", "François", "Laurent", "Olivier",
       "Julien", "Étienne"),
     L("Marie", "Isabelle", "Sophie", "Catherine", "Nathalie", "Camille", "Élodie"),
     L("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
       "Leroy", "Moreau", "Lefèvre", "Girard"),
     NULL, 0, L("6", "7"), 9},
    {"GB", "en", en_m, en_f,
     L("Smith", "Jones", "Taylor", "Brown", "Williams", "Davies", "Evans", "Wilson",
       "Thomas", "Roberts", "Walker", "Wright", "Robinson", "Hughes", "Campbell",
       "O'Brien"),
     NULL, 0, L("7700900"), 10},
    {"US", "en", en_m, en_f,
     L("Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Garcia",
       "Rodriguez", "Wilson", "Anderson", "Thompson", "Clark", "Lewis"),
     NULL, 0, L("20255501", "21255501", "41555501", "61755501", "31255501"), 10},
    {"CA", "en;fr", en_m, en_f,
     L("Smith", "Brown", "Tremblay", "Martin", "Roy", "Wilson", "MacDonald", "Gagnon",
       "Taylor", "Côté", "Campbell", "Anderson"),
     NULL, 0, L("61355501", "41655501", "51455501", "60455501"), 10},
    {"IT", "it;en",
     L("Marco", "Giuseppe", "Andrea", "Luca", "Francesco", "Alessandro", "Giovanni"),
     L("Giulia", "Francesca", "Chiara", "Sara", "Elena", "Valentina"),
     L("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
       "Marino", "Greco", "Bruno", "De Luca"),
     NULL, 0, L("320", "328", "333", "338", "340", "347", "348", "349"), 10},
    {"ES", "es;en",
     L("José", "Antonio", "Manuel", "Javier", "Carlos", "Miguel", "Álvaro"),
     L("María", "Carmen", "Lucía", "Isabel", "Pilar", "Elena"),
     L("García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez",
       "Pérez", "Gómez", "Ruiz", "Díaz", "Moreno"),
     NULL, 0, L("61", "62", "63", "65", "66", "67", "68", "69"), 9},
    {"PL", "pl;en;ru",
     L("Piotr", "Krzysztof", "Tomasz", "Paweł", "Michał", "Marcin", "Łukasz", "Andrzej"),
     L("Anna", "Katarzyna", "Małgorzata", "Agnieszka", "Joanna", "Magdalena"),
     L("Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński",
       "Lewandowski", "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski"),
     NULL, FEMININE_SUFFIX,
     L("50", "51", "53", "57", "60", "66", "69", "72", "78", "79", "88"), 9},
    {"CZ", "cs;en", L("Jan", "Petr", "Jiří", "Pavel", "Tomáš", "Martin", "Jakub"),
     L("Jana", "Eva", "Hana", "Lucie", "Kateřina", "Tereza"),
     L("Novák", "Svoboda", "Novotný", "Dvořák", "Černý", "Procházka", "Kučera", "Veselý",
       "Horák", "Němec"),
     L("Nováková", "Svobodová", "Novotná", "Dvořáková", "Černá", "Procházková",
       "Kučerová", "Veselá", "Horáková", "Němcová"),
     0, L("601", "602", "603", "604", "605", "720", "724", "731", "736", "777"), 9},
    {"NL", "nl;en",
     L("Jan", "Pieter", "Dirk", "Bas", "Joost", "Maarten", "Sander", "Wouter"),
     L("Anna", "Eva", "Sanne", "Lotte", "Femke", "Inge"),
     L("de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Visser",
       "Smit", "Meijer", "de Boer", "Mulder"),
     NULL, 0, L("6"), 9},
    {"BE", "nl;fr;en", L("Luc", "Marc", "Pieter", "Olivier", "Thomas", "Koen"),
     L("Sofie", "Els", "Marie", "Charlotte", "An", "Nathalie"),
     L("Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Dubois",
       "Lambert", "Dupont"),
     NULL, 0, L("470", "471", "472", "475", "476", "477", "478", "479", "486", "496"), 9},
    {"SE", "sv;en", L("Erik", "Lars", "Anders", "Johan", "Magnus", "Per", "Nils"),
     L("Anna", "Karin", "Eva", "Maria", "Sofia", "Ingrid"),
     L("Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
       "Persson", "Svensson", "Lindqvist", "Berg", "Lundgren"),
     NULL, 0, L("70", "72", "73", "76", "79"), 9},
    {"NO", "no;en", L("Ole", "Lars", "Knut", "Bjørn", "Håkon", "Erik", "Sindre"),
     L("Ingrid", "Kari", "Silje", "Marte", "Ragnhild", "Solveig"),
     L("Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Berg",
       "Haugen", "Dahl", "Solberg", "Bakke"),
     NULL, 0, L("40", "41", "45", "46", "47", "48", "90", "92", "93", "95", "97", "99"),
     8},
    {"FI", "fi;sv;en", L("Mikko", "Jukka", "Timo", "Antti", "Juha", "Matti", "Pekka"),
     L("Anna", "Sanna", "Minna", "Johanna", "Riikka", "Tiina"),
     L("Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine",
       "Heikkinen", "Koskinen", "Järvinen"),
     NULL, 0, L("40", "41", "44", "45", "50"), 9},
    {"LT", "lt;en;ru",
     L("Tomas", "Mindaugas", "Andrius", "Darius", "Vytautas", "Gediminas"),
     L("Rūta", "Eglė", "Jurgita", "Laura", "Asta", "Indrė"),
     L("Kazlauskas", "Jankauskas", "Petrauskas", "Stankevičius", "Vasiliauskas",
       "Žukauskas", "Butkus", "Paulauskas"),
     L("Kazlauskienė", "Jankauskienė", "Petrauskienė", "Stankevičienė", "Vasiliauskienė",
       "Žukauskienė", "Butkienė", "Paulauskienė"),
     0, L("60", "61", "62", "65", "67", "68", "69"), 8},
    {"LV", "lv;en;ru", L("Jānis", "Andris", "Mārtiņš", "Edgars", "Kārlis", "Uldis"),
     L("Ilze", "Inese", "Kristīne", "Līga", "Dace", "Baiba"),
     L("Bērziņš", "Kalniņš", "Ozoliņš", "Liepiņš", "Krūmiņš", "Balodis", "Kalējs",
       "Zariņš"),
     L("Bērziņa", "Kalniņa", "Ozoliņa", "Liepiņa", "Krūmiņa", "Balode", "Kalēja",
       "Zariņa"),
     0, L("2"), 8},
    {"EE", "et;en;ru", L("Andres", "Jaan", "Toomas", "Rein", "Margus", "Indrek"),
     L("Kadri", "Tiina", "Kristi", "Liis", "Triin", "Maarja"),
     L("Tamm", "Saar", "Sepp", "Mägi", "Kask", "Kukk", "Rebane", "Ilves", "Pärn",
       "Koppel"),
     NULL, 0, L("5"), 8},
    {"RO", "ro;en", ro_m, ro_f,
     L("Popescu", "Ionescu", "Popa", "Dumitrescu", "Stan", "Stoica", "Gheorghe", "Matei",
       "Constantin", "Marin"),
     NULL, 0, L("72", "73", "74", "75", "76", "77", "78"), 9},
    {"BG", "bg;en;ru", L("Georgi", "Ivan", "Dimitar", "Nikolay", "Petar", "Hristo"),
     L("Maria", "Ivanka", "Elena", "Desislava", "Tsvetelina", "Galina"),
     L("Ivanov", "Georgiev", "Dimitrov", "Petrov", "Nikolov", "Hristov", "Stoyanov",
       "Todorov", "Iliev", "Angelov"),
     NULL, FEMININE_SUFFIX, L("87", "88", "89"), 9},
    {"HU", "hu;en", L("László", "István", "József", "Zoltán", "Gábor", "Péter", "Attila"),
     L("Katalin", "Erzsébet", "Zsuzsanna", "Éva", "Krisztina", "Anikó"),
     L("Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Varga", "Kiss", "Molnár", "Németh",
       "Farkas"),
     NULL, FAMILY_FIRST, L("20", "30", "70"), 9},
    {"TR", "tr;en",
     L("Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Hasan", "Murat", "Emre", "Burak"),
     L("Ayşe", "Fatma", "Emine", "Zeynep", "Elif", "Selin", "Gülşen"),
     L("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk",
       "Aydın", "Özdemir", "Arslan", "Doğan"),
     NULL, 0,
     L("501", "505", "506", "530", "532", "533", "535", "536", "541", "542", "543", "544",
       "545", "555"),
     10},
    {"CN", "zh;en", L("Wei", "Jun", "Lei", "Qiang", "Tao", "Ming", "Hao"),
     L("Fang", "Li", "Na", "Jing", "Xiuying", "Yan"),
     L("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu"), NULL,
     FAMILY_FIRST,
     L("130", "131", "135", "136", "138", "139", "150", "158", "186", "188"), 11},
    {"MN", "mn;ru;en",
     L("Bat-Erdene", "Ganbold", "Enkhbayar", "Batbayar", "Otgonbayar", "Tsogt"),
     L("Oyuntsetseg", "Narantuya", "Enkhjargal", "Sarangerel", "Bolormaa"),
     L("Gantulga", "Dorj", "Sükhbaatar", "Tserendorj", "Batsaikhan", "Lkhagvasuren",
       "Purevdorj", "Altankhuyag"),
     NULL, 0, L("88", "89", "99", "95", "94", "91"), 8},
    {"KR", "ko;en",
     L("Min-jun", "Ji-hoon", "Seung-woo", "Hyun-woo", "Dong-hyun", "Jae-won"),
     L("Ji-yeon", "Seo-yeon", "Min-ji", "Eun-ji", "Soo-jin", "Hye-jin"),
     L("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon"), NULL, FAMILY_FIRST,
     L("10"), 10},
    {"PK", "ur;en",
     L("Muhammad", "Imran", "Ahmed", "Ali", "Bilal", "Usman", "Faisal", "Tariq"),
     L("Ayesha", "Fatima", "Sana", "Hina", "Nadia", "Saima"),
     L("Khan", "Qureshi", "Malik", "Chaudhry", "Butt", "Sheikh", "Siddiqui", "Abbasi",
       "Raza", "Hussain"),
     NULL, 0, L("300", "301", "302", "303", "321", "333", "345"), 10},
    {"IN", "hi;en",
     L("Rajesh", "Amit", "Sanjay", "Vikram", "Arjun", "Rahul", "Suresh", "Anil"),
     L("Priya", "Anjali", "Sunita", "Kavita", "Neha", "Deepa"),
     L("Sharma", "Verma", "Gupta", "Singh", "Patel", "Kumar", "Reddy", "Iyer", "Nair",
       "Mehta"),
     NULL, 0, L("98", "99", "97", "96", "94", "93", "90", "70", "80", "81"), 10},
    {"SA", "ar;en", ar_m, ar_f,
     L("Al-Harbi", "Al-Qahtani", "Al-Ghamdi", "Al-Otaibi", "Al-Zahrani", "Al-Shehri",
       "Al-Dosari", "Al-Mutairi"),
     NULL, 0, L("50", "53", "54", "55", "56", "58", "59"), 9},
    {"EG", "ar;en", ar_m, ar_f,
     L("Hassan", "Mahmoud", "Ibrahim", "Mostafa", "Abdel-Rahman", "El-Sayed", "Fahmy",
       "Soliman", "Naguib"),
     NULL, 0, L("10", "11", "12", "15"), 10},
};

#define NNATIONS (sizeof(nations) / sizeof(nations[0]))

const struct demo_nation *demo_nation_find(const char *cc)
{
	for (size_t i = 0; i < NNATIONS; i++)
		if (!strcmp(nations[i].cc, cc))
			return &nations[i];
	return NULL;
}

const char *demo_nation_code(const struct demo_nation *n)
{
	return n->cc;
}

const char *demo_nation_languages(const struct demo_nation *n)
{
	return n->languages;
}

static size_t count(const char *const *list)
{
	size_t n = 0;

	while (list[n])
		n++;
	return n;
}

static int ends_with(const char *s, size_t n, const char *end)
{
	size_t k = strlen(end);

	return n >= k && !memcmp(s + n - k, end, k);
}

/* The woman's form of a family name whose country inflects it. */
static const char *feminine(struct demo_plan *p, const char *name)
{
	static const struct {
		const char *from, *to;
	} swaps[] = {{"ский", "ская"}, {"цкий", "цкая"}, {"ski", "ska"}, {"cki", "cka"}};
	static const char *const plus_a[] = {"ов", "ев", "ёв", "ин", "ын",
	                                     "ov", "ev", "ow", "ew"};
	size_t n = strlen(name);

	for (size_t i = 0; i < sizeof(swaps) / sizeof(swaps[0]); i++)
		if (ends_with(name, n, swaps[i].from))
			return demo_plan_fmt(p, "%.*s%s",
			                     (int)(n - strlen(swaps[i].from)), name,
			                     swaps[i].to);
	for (size_t i = 0; i < sizeof(plus_a) / sizeof(plus_a[0]); i++)
		if (ends_with(name, n, plus_a[i]))
			return demo_plan_fmt(p, "%s%s", name,
			                     (name[n - 1] & 0x80) ? "а" : "a");
	return name;
}

const char *demo_person(struct demo_plan *p, struct demo_rng *r,
                        const struct demo_nation *n, int female, const char **email_local)
{
	const char *const *firsts = female ? n->female : n->male;
	const char *given = firsts[demo_rng_below(r, count(firsts))];
	size_t k = demo_rng_below(r, count(n->family));
	const char *family = n->family[k];
	char a[64], b[64];

	if (female)
		family = n->family_f                    ? n->family_f[k]
		         : (n->flags & FEMININE_SUFFIX) ? feminine(p, family)
		                                        : family;
	demo_ascii(given, a, sizeof(a));
	demo_ascii(family, b, sizeof(b));
	*email_local = demo_plan_fmt(p, "%s.%s", a, b);
	if (n->flags & FAMILY_FIRST)
		return demo_plan_fmt(p, "%s %s", family, given);
	return demo_plan_fmt(p, "%s %s", given, family);
}

const char *demo_mobile(struct demo_plan *p, struct demo_rng *r,
                        const struct demo_nation *n)
{
	const struct country *c = country_by_code(n->cc);
	const char *prefix = n->mobile[demo_rng_below(r, count(n->mobile))];
	char digits[24];
	size_t len = strlen(prefix);

	memcpy(digits, prefix, len);
	while (len < (size_t)n->nsn && len < sizeof(digits) - 1)
		digits[len++] = (char)('0' + demo_rng_below(r, 10));
	digits[len] = '\0';
	return demo_plan_fmt(p, "+%s%s", c ? c->calling : "", digits);
}

/* ---- transliteration ---- */

/* ASCII for lower-case letters beyond ASCII: Cyrillic (Russian, Kazakh,
 * Kyrgyz, Tajik, Belarusian) and the Latin letters of the lists above. */
static const struct {
	unsigned cp;
	const char *ascii;
} translit[] = {
    {0x430, "a"},  {0x431, "b"},    {0x432, "v"},  {0x433, "g"},  {0x434, "d"},
    {0x435, "e"},  {0x451, "e"},    {0x436, "zh"}, {0x437, "z"},  {0x438, "i"},
    {0x439, "y"},  {0x43A, "k"},    {0x43B, "l"},  {0x43C, "m"},  {0x43D, "n"},
    {0x43E, "o"},  {0x43F, "p"},    {0x440, "r"},  {0x441, "s"},  {0x442, "t"},
    {0x443, "u"},  {0x444, "f"},    {0x445, "kh"}, {0x446, "ts"}, {0x447, "ch"},
    {0x448, "sh"}, {0x449, "shch"}, {0x44A, ""},   {0x44B, "y"},  {0x44C, ""},
    {0x44D, "e"},  {0x44E, "yu"},   {0x44F, "ya"}, {0x4D9, "a"},  {0x493, "g"},
    {0x49B, "q"},  {0x4A3, "n"},    {0x4E9, "o"},  {0x4B1, "u"},  {0x4AF, "u"},
    {0x4BB, "h"},  {0x456, "i"},    {0x45E, "u"},  {0x4E3, "i"},  {0x4EF, "u"},
    {0x4B3, "h"},  {0x4B7, "j"},    {0xE0, "a"},   {0xE1, "a"},   {0xE2, "a"},
    {0xE3, "a"},   {0xE4, "a"},     {0xE5, "a"},   {0xE6, "ae"},  {0xE7, "c"},
    {0xE8, "e"},   {0xE9, "e"},     {0xEA, "e"},   {0xEB, "e"},   {0xEC, "i"},
    {0xED, "i"},   {0xEE, "i"},     {0xEF, "i"},   {0xF1, "n"},   {0xF2, "o"},
    {0xF3, "o"},   {0xF4, "o"},     {0xF5, "o"},   {0xF6, "o"},   {0xF8, "o"},
    {0xF9, "u"},   {0xFA, "u"},     {0xFB, "u"},   {0xFC, "u"},   {0xFD, "y"},
    {0xFF, "y"},   {0xDF, "ss"},    {0x101, "a"},  {0x103, "a"},  {0x105, "a"},
    {0x107, "c"},  {0x10D, "c"},    {0x10F, "d"},  {0x113, "e"},  {0x117, "e"},
    {0x119, "e"},  {0x11B, "e"},    {0x11F, "g"},  {0x123, "g"},  {0x12B, "i"},
    {0x12F, "i"},  {0x131, "i"},    {0x137, "k"},  {0x13C, "l"},  {0x142, "l"},
    {0x144, "n"},  {0x146, "n"},    {0x148, "n"},  {0x14D, "o"},  {0x151, "o"},
    {0x159, "r"},  {0x15B, "s"},    {0x15F, "s"},  {0x161, "s"},  {0x163, "t"},
    {0x165, "t"},  {0x16B, "u"},    {0x16F, "u"},  {0x171, "u"},  {0x173, "u"},
    {0x17A, "z"},  {0x17C, "z"},    {0x17E, "z"},  {0x219, "s"},  {0x21B, "t"},
    {0x259, "a"},
};

/* Decode one UTF-8 character at s (assumed valid); *len gets its size. */
static unsigned decode(const unsigned char *s, size_t *len)
{
	if (s[0] < 0x80) {
		*len = 1;
		return s[0];
	}
	if (s[0] < 0xE0 && s[1]) {
		*len = 2;
		return ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu);
	}
	if (s[0] < 0xF0 && s[1] && s[2]) {
		*len = 3;
		return ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
	}
	*len = 1;
	return 0xFFFD;
}

/* Lower case for the letters the lists use. */
static unsigned lower(unsigned c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		return c + 0x20;
	if (c >= 0x410 && c <= 0x42F)
		return c + 0x20;
	if (c >= 0x400 && c <= 0x40F)
		return c + 0x50;
	if (c == 0x130)
		return 'i';
	if (c == 0x18F)
		return 0x259;
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
		return (c & 1) ? c + 1 : c;
	if ((c >= 0x100 && c <= 0x17F) || (c >= 0x460 && c <= 0x4FF) ||
	    (c >= 0x218 && c <= 0x21B))
		return (c & 1) ? c : c + 1;
	return c;
}

void demo_ascii(const char *s, char *out, size_t cap)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t o = 0;

	while (*u && o + 1 < cap) {
		size_t len;
		unsigned c = lower(decode(u, &len));
		const char *t = NULL;

		u += len;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			out[o++] = (char)c;
			continue;
		}
		for (size_t i = 0; i < sizeof(translit) / sizeof(translit[0]); i++)
			if (translit[i].cp == c) {
				t = translit[i].ascii;
				break;
			}
		for (; t && *t && o + 1 < cap; t++)
			out[o++] = *t;
	}
	out[o] = '\0';
}
