/* country.c - the ISO 3166-1 alpha-2 table with English and Russian names,
 * calling codes and trunk prefixes, and lookups by code or by name.
 *
 * Names are folded before comparison: ASCII, Latin-1 and Russian Cyrillic
 * letters lose their case, "ё" counts as "е" and a typographic apostrophe
 * as "'", so "КАЗАХСТАН", "Cote d'Ivoire" and "Объединенные" all match. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "model/country.h"

/* Sorted by code: country_by_code() relies on it and the tests check it.
 * Territories without a calling code of their own (AQ, BV, HM, PN, TF, UM)
 * have the one of the country that serves them.  Trunk prefixes as dialled
 * today: Lithuania moved from "8" to "0" in 2025, Uzbekistan and Mexico
 * dropped theirs; phone.c still accepts the old ones. */
static const struct country countries[] = {
    {"AD", "Andorra", "Андорра", "376", ""},
    {"AE", "United Arab Emirates", "Объединённые Арабские Эмираты", "971", "0"},
    {"AF", "Afghanistan", "Афганистан", "93", "0"},
    {"AG", "Antigua and Barbuda", "Антигуа и Барбуда", "1", "1"},
    {"AI", "Anguilla", "Ангилья", "1", "1"},
    {"AL", "Albania", "Албания", "355", "0"},
    {"AM", "Armenia", "Армения", "374", "0"},
    {"AO", "Angola", "Ангола", "244", ""},
    {"AQ", "Antarctica", "Антарктида", "672", ""},
    {"AR", "Argentina", "Аргентина", "54", "0"},
    {"AS", "American Samoa", "Американское Самоа", "1", "1"},
    {"AT", "Austria", "Австрия", "43", "0"},
    {"AU", "Australia", "Австралия", "61", "0"},
    {"AW", "Aruba", "Аруба", "297", ""},
    {"AX", "Åland Islands", "Аландские острова", "358", "0"},
    {"AZ", "Azerbaijan", "Азербайджан", "994", "0"},
    {"BA", "Bosnia and Herzegovina", "Босния и Герцеговина", "387", "0"},
    {"BB", "Barbados", "Барбадос", "1", "1"},
    {"BD", "Bangladesh", "Бангладеш", "880", "0"},
    {"BE", "Belgium", "Бельгия", "32", "0"},
    {"BF", "Burkina Faso", "Буркина-Фасо", "226", ""},
    {"BG", "Bulgaria", "Болгария", "359", "0"},
    {"BH", "Bahrain", "Бахрейн", "973", ""},
    {"BI", "Burundi", "Бурунди", "257", ""},
    {"BJ", "Benin", "Бенин", "229", ""},
    {"BL", "Saint Barthélemy", "Сен-Бартелеми", "590", "0"},
    {"BM", "Bermuda", "Бермуды", "1", "1"},
    {"BN", "Brunei", "Бруней", "673", ""},
    {"BO", "Bolivia", "Боливия", "591", "0"},
    {"BQ", "Bonaire, Sint Eustatius and Saba", "Бонайре, Синт-Эстатиус и Саба", "599",
     ""},
    {"BR", "Brazil", "Бразилия", "55", "0"},
    {"BS", "Bahamas", "Багамы", "1", "1"},
    {"BT", "Bhutan", "Бутан", "975", ""},
    {"BV", "Bouvet Island", "Остров Буве", "47", ""},
    {"BW", "Botswana", "Ботсвана", "267", ""},
    {"BY", "Belarus", "Беларусь", "375", "8"},
    {"BZ", "Belize", "Белиз", "501", ""},
    {"CA", "Canada", "Канада", "1", "1"},
    {"CC", "Cocos (Keeling) Islands", "Кокосовые (Килинг) острова", "61", "0"},
    {"CD", "Democratic Republic of the Congo", "Демократическая Республика Конго", "243",
     "0"},
    {"CF", "Central African Republic", "Центральноафриканская Республика", "236", ""},
    {"CG", "Republic of the Congo", "Республика Конго", "242", ""},
    {"CH", "Switzerland", "Швейцария", "41", "0"},
    {"CI", "Côte d'Ivoire", "Кот-д’Ивуар", "225", ""},
    {"CK", "Cook Islands", "Острова Кука", "682", ""},
    {"CL", "Chile", "Чили", "56", ""},
    {"CM", "Cameroon", "Камерун", "237", ""},
    {"CN", "China", "Китай", "86", "0"},
    {"CO", "Colombia", "Колумбия", "57", "0"},
    {"CR", "Costa Rica", "Коста-Рика", "506", ""},
    {"CU", "Cuba", "Куба", "53", "0"},
    {"CV", "Cabo Verde", "Кабо-Верде", "238", ""},
    {"CW", "Curaçao", "Кюрасао", "599", ""},
    {"CX", "Christmas Island", "Остров Рождества", "61", "0"},
    {"CY", "Cyprus", "Кипр", "357", ""},
    {"CZ", "Czechia", "Чехия", "420", ""},
    {"DE", "Germany", "Германия", "49", "0"},
    {"DJ", "Djibouti", "Джибути", "253", ""},
    {"DK", "Denmark", "Дания", "45", ""},
    {"DM", "Dominica", "Доминика", "1", "1"},
    {"DO", "Dominican Republic", "Доминиканская Республика", "1", "1"},
    {"DZ", "Algeria", "Алжир", "213", "0"},
    {"EC", "Ecuador", "Эквадор", "593", "0"},
    {"EE", "Estonia", "Эстония", "372", ""},
    {"EG", "Egypt", "Египет", "20", "0"},
    {"EH", "Western Sahara", "Западная Сахара", "212", "0"},
    {"ER", "Eritrea", "Эритрея", "291", "0"},
    {"ES", "Spain", "Испания", "34", ""},
    {"ET", "Ethiopia", "Эфиопия", "251", "0"},
    {"FI", "Finland", "Финляндия", "358", "0"},
    {"FJ", "Fiji", "Фиджи", "679", ""},
    {"FK", "Falkland Islands", "Фолклендские острова", "500", ""},
    {"FM", "Micronesia", "Микронезия", "691", ""},
    {"FO", "Faroe Islands", "Фарерские острова", "298", ""},
    {"FR", "France", "Франция", "33", "0"},
    {"GA", "Gabon", "Габон", "241", ""},
    {"GB", "United Kingdom", "Великобритания", "44", "0"},
    {"GD", "Grenada", "Гренада", "1", "1"},
    {"GE", "Georgia", "Грузия", "995", "0"},
    {"GF", "French Guiana", "Французская Гвиана", "594", "0"},
    {"GG", "Guernsey", "Гернси", "44", "0"},
    {"GH", "Ghana", "Гана", "233", "0"},
    {"GI", "Gibraltar", "Гибралтар", "350", ""},
    {"GL", "Greenland", "Гренландия", "299", ""},
    {"GM", "Gambia", "Гамбия", "220", ""},
    {"GN", "Guinea", "Гвинея", "224", ""},
    {"GP", "Guadeloupe", "Гваделупа", "590", "0"},
    {"GQ", "Equatorial Guinea", "Экваториальная Гвинея", "240", ""},
    {"GR", "Greece", "Греция", "30", ""},
    {"GS", "South Georgia and the South Sandwich Islands",
     "Южная Георгия и Южные Сандвичевы острова", "500", ""},
    {"GT", "Guatemala", "Гватемала", "502", ""},
    {"GU", "Guam", "Гуам", "1", "1"},
    {"GW", "Guinea-Bissau", "Гвинея-Бисау", "245", ""},
    {"GY", "Guyana", "Гайана", "592", ""},
    {"HK", "Hong Kong", "Гонконг", "852", ""},
    {"HM", "Heard Island and McDonald Islands", "Остров Херд и острова Макдональд", "672",
     ""},
    {"HN", "Honduras", "Гондурас", "504", ""},
    {"HR", "Croatia", "Хорватия", "385", "0"},
    {"HT", "Haiti", "Гаити", "509", ""},
    {"HU", "Hungary", "Венгрия", "36", "06"},
    {"ID", "Indonesia", "Индонезия", "62", "0"},
    {"IE", "Ireland", "Ирландия", "353", "0"},
    {"IL", "Israel", "Израиль", "972", "0"},
    {"IM", "Isle of Man", "Остров Мэн", "44", "0"},
    {"IN", "India", "Индия", "91", "0"},
    {"IO", "British Indian Ocean Territory", "Британская территория в Индийском океане",
     "246", ""},
    {"IQ", "Iraq", "Ирак", "964", "0"},
    {"IR", "Iran", "Иран", "98", "0"},
    {"IS", "Iceland", "Исландия", "354", ""},
    {"IT", "Italy", "Италия", "39", ""},
    {"JE", "Jersey", "Джерси", "44", "0"},
    {"JM", "Jamaica", "Ямайка", "1", "1"},
    {"JO", "Jordan", "Иордания", "962", "0"},
    {"JP", "Japan", "Япония", "81", "0"},
    {"KE", "Kenya", "Кения", "254", "0"},
    {"KG", "Kyrgyzstan", "Кыргызстан", "996", "0"},
    {"KH", "Cambodia", "Камбоджа", "855", "0"},
    {"KI", "Kiribati", "Кирибати", "686", "0"},
    {"KM", "Comoros", "Коморы", "269", ""},
    {"KN", "Saint Kitts and Nevis", "Сент-Китс и Невис", "1", "1"},
    {"KP", "North Korea", "КНДР", "850", "0"},
    {"KR", "South Korea", "Республика Корея", "82", "0"},
    {"KW", "Kuwait", "Кувейт", "965", ""},
    {"KY", "Cayman Islands", "Острова Кайман", "1", "1"},
    {"KZ", "Kazakhstan", "Казахстан", "7", "8"},
    {"LA", "Laos", "Лаос", "856", "0"},
    {"LB", "Lebanon", "Ливан", "961", "0"},
    {"LC", "Saint Lucia", "Сент-Люсия", "1", "1"},
    {"LI", "Liechtenstein", "Лихтенштейн", "423", "0"},
    {"LK", "Sri Lanka", "Шри-Ланка", "94", "0"},
    {"LR", "Liberia", "Либерия", "231", "0"},
    {"LS", "Lesotho", "Лесото", "266", ""},
    {"LT", "Lithuania", "Литва", "370", "0"},
    {"LU", "Luxembourg", "Люксембург", "352", ""},
    {"LV", "Latvia", "Латвия", "371", ""},
    {"LY", "Libya", "Ливия", "218", "0"},
    {"MA", "Morocco", "Марокко", "212", "0"},
    {"MC", "Monaco", "Монако", "377", "0"},
    {"MD", "Moldova", "Молдова", "373", "0"},
    {"ME", "Montenegro", "Черногория", "382", "0"},
    {"MF", "Saint Martin", "Сен-Мартен", "590", "0"},
    {"MG", "Madagascar", "Мадагаскар", "261", "0"},
    {"MH", "Marshall Islands", "Маршалловы Острова", "692", "1"},
    {"MK", "North Macedonia", "Северная Македония", "389", "0"},
    {"ML", "Mali", "Мали", "223", ""},
    {"MM", "Myanmar", "Мьянма", "95", "0"},
    {"MN", "Mongolia", "Монголия", "976", "0"},
    {"MO", "Macao", "Макао", "853", ""},
    {"MP", "Northern Mariana Islands", "Северные Марианские острова", "1", "1"},
    {"MQ", "Martinique", "Мартиника", "596", "0"},
    {"MR", "Mauritania", "Мавритания", "222", ""},
    {"MS", "Montserrat", "Монтсеррат", "1", "1"},
    {"MT", "Malta", "Мальта", "356", ""},
    {"MU", "Mauritius", "Маврикий", "230", ""},
    {"MV", "Maldives", "Мальдивы", "960", ""},
    {"MW", "Malawi", "Малави", "265", "0"},
    {"MX", "Mexico", "Мексика", "52", ""},
    {"MY", "Malaysia", "Малайзия", "60", "0"},
    {"MZ", "Mozambique", "Мозамбик", "258", ""},
    {"NA", "Namibia", "Намибия", "264", "0"},
    {"NC", "New Caledonia", "Новая Каледония", "687", ""},
    {"NE", "Niger", "Нигер", "227", ""},
    {"NF", "Norfolk Island", "Остров Норфолк", "672", ""},
    {"NG", "Nigeria", "Нигерия", "234", "0"},
    {"NI", "Nicaragua", "Никарагуа", "505", ""},
    {"NL", "Netherlands", "Нидерланды", "31", "0"},
    {"NO", "Norway", "Норвегия", "47", ""},
    {"NP", "Nepal", "Непал", "977", "0"},
    {"NR", "Nauru", "Науру", "674", ""},
    {"NU", "Niue", "Ниуэ", "683", ""},
    {"NZ", "New Zealand", "Новая Зеландия", "64", "0"},
    {"OM", "Oman", "Оман", "968", ""},
    {"PA", "Panama", "Панама", "507", ""},
    {"PE", "Peru", "Перу", "51", "0"},
    {"PF", "French Polynesia", "Французская Полинезия", "689", ""},
    {"PG", "Papua New Guinea", "Папуа — Новая Гвинея", "675", ""},
    {"PH", "Philippines", "Филиппины", "63", "0"},
    {"PK", "Pakistan", "Пакистан", "92", "0"},
    {"PL", "Poland", "Польша", "48", ""},
    {"PM", "Saint Pierre and Miquelon", "Сен-Пьер и Микелон", "508", "0"},
    {"PN", "Pitcairn Islands", "Острова Питкэрн", "64", ""},
    {"PR", "Puerto Rico", "Пуэрто-Рико", "1", "1"},
    {"PS", "Palestine", "Палестина", "970", "0"},
    {"PT", "Portugal", "Португалия", "351", ""},
    {"PW", "Palau", "Палау", "680", ""},
    {"PY", "Paraguay", "Парагвай", "595", "0"},
    {"QA", "Qatar", "Катар", "974", ""},
    {"RE", "Réunion", "Реюньон", "262", "0"},
    {"RO", "Romania", "Румыния", "40", "0"},
    {"RS", "Serbia", "Сербия", "381", "0"},
    {"RU", "Russia", "Россия", "7", "8"},
    {"RW", "Rwanda", "Руанда", "250", "0"},
    {"SA", "Saudi Arabia", "Саудовская Аравия", "966", "0"},
    {"SB", "Solomon Islands", "Соломоновы Острова", "677", ""},
    {"SC", "Seychelles", "Сейшелы", "248", ""},
    {"SD", "Sudan", "Судан", "249", "0"},
    {"SE", "Sweden", "Швеция", "46", "0"},
    {"SG", "Singapore", "Сингапур", "65", ""},
    {"SH", "Saint Helena, Ascension and Tristan da Cunha",
     "Острова Святой Елены, Вознесения и Тристан-да-Кунья", "290", ""},
    {"SI", "Slovenia", "Словения", "386", "0"},
    {"SJ", "Svalbard and Jan Mayen", "Шпицберген и Ян-Майен", "47", ""},
    {"SK", "Slovakia", "Словакия", "421", "0"},
    {"SL", "Sierra Leone", "Сьерра-Леоне", "232", "0"},
    {"SM", "San Marino", "Сан-Марино", "378", ""},
    {"SN", "Senegal", "Сенегал", "221", ""},
    {"SO", "Somalia", "Сомали", "252", "0"},
    {"SR", "Suriname", "Суринам", "597", ""},
    {"SS", "South Sudan", "Южный Судан", "211", "0"},
    {"ST", "São Tomé and Príncipe", "Сан-Томе и Принсипи", "239", ""},
    {"SV", "El Salvador", "Сальвадор", "503", ""},
    {"SX", "Sint Maarten", "Синт-Мартен", "1", "1"},
    {"SY", "Syria", "Сирия", "963", "0"},
    {"SZ", "Eswatini", "Эсватини", "268", ""},
    {"TC", "Turks and Caicos Islands", "Острова Теркс и Кайкос", "1", "1"},
    {"TD", "Chad", "Чад", "235", ""},
    {"TF", "French Southern Territories", "Французские Южные территории", "262", ""},
    {"TG", "Togo", "Того", "228", ""},
    {"TH", "Thailand", "Таиланд", "66", "0"},
    {"TJ", "Tajikistan", "Таджикистан", "992", ""},
    {"TK", "Tokelau", "Токелау", "690", ""},
    {"TL", "Timor-Leste", "Восточный Тимор", "670", ""},
    {"TM", "Turkmenistan", "Туркменистан", "993", "8"},
    {"TN", "Tunisia", "Тунис", "216", ""},
    {"TO", "Tonga", "Тонга", "676", ""},
    {"TR", "Türkiye", "Турция", "90", "0"},
    {"TT", "Trinidad and Tobago", "Тринидад и Тобаго", "1", "1"},
    {"TV", "Tuvalu", "Тувалу", "688", ""},
    {"TW", "Taiwan", "Тайвань", "886", "0"},
    {"TZ", "Tanzania", "Танзания", "255", "0"},
    {"UA", "Ukraine", "Украина", "380", "0"},
    {"UG", "Uganda", "Уганда", "256", "0"},
    {"UM", "United States Minor Outlying Islands", "Внешние малые острова США", "1", "1"},
    {"US", "United States", "США", "1", "1"},
    {"UY", "Uruguay", "Уругвай", "598", "0"},
    {"UZ", "Uzbekistan", "Узбекистан", "998", ""},
    {"VA", "Vatican City", "Ватикан", "39", ""},
    {"VC", "Saint Vincent and the Grenadines", "Сент-Винсент и Гренадины", "1", "1"},
    {"VE", "Venezuela", "Венесуэла", "58", "0"},
    {"VG", "British Virgin Islands", "Британские Виргинские острова", "1", "1"},
    {"VI", "U.S. Virgin Islands", "Виргинские острова США", "1", "1"},
    {"VN", "Vietnam", "Вьетнам", "84", "0"},
    {"VU", "Vanuatu", "Вануату", "678", ""},
    {"WF", "Wallis and Futuna", "Уоллис и Футуна", "681", ""},
    {"WS", "Samoa", "Самоа", "685", ""},
    {"YE", "Yemen", "Йемен", "967", "0"},
    {"YT", "Mayotte", "Майотта", "262", "0"},
    {"ZA", "South Africa", "Южно-Африканская Республика", "27", "0"},
    {"ZM", "Zambia", "Замбия", "260", "0"},
    {"ZW", "Zimbabwe", "Зимбабве", "263", "0"},
};

#define N_COUNTRIES (sizeof(countries) / sizeof(countries[0]))

/* Other names people write, English or Russian, for country_find(). */
static const struct {
	const char *code, *name;
} aliases[] = {
    {"AE", "UAE"},
    {"AE", "ОАЭ"},
    {"AX", "Aland Islands"},
    {"BL", "Saint Barthelemy"},
    {"BN", "Brunei Darussalam"},
    {"BN", "Бруней-Даруссалам"},
    {"BO", "Plurinational State of Bolivia"},
    {"BQ", "Caribbean Netherlands"},
    {"BQ", "Карибские Нидерланды"},
    {"BS", "The Bahamas"},
    {"BS", "Багамские Острова"},
    {"BY", "Белоруссия"},
    {"BY", "Республика Беларусь"},
    {"CC", "Cocos Islands"},
    {"CD", "DR Congo"},
    {"CD", "DRC"},
    {"CD", "Congo-Kinshasa"},
    {"CD", "Congo, Democratic Republic of the"},
    {"CD", "ДР Конго"},
    {"CD", "ДРК"},
    {"CF", "ЦАР"},
    {"CG", "Congo"},
    {"CG", "Congo-Brazzaville"},
    {"CG", "Конго"},
    {"CI", "Cote d'Ivoire"},
    {"CI", "Ivory Coast"},
    {"CI", "Кот-д'Ивуар"},
    {"CV", "Cape Verde"},
    {"CV", "Острова Зелёного Мыса"},
    {"CW", "Curacao"},
    {"CZ", "Czech Republic"},
    {"CZ", "Чешская Республика"},
    {"FK", "Falkland Islands (Malvinas)"},
    {"FM", "Federated States of Micronesia"},
    {"FM", "Федеративные Штаты Микронезии"},
    {"GB", "UK"},
    {"GB", "Great Britain"},
    {"GB", "Britain"},
    {"GB", "United Kingdom of Great Britain and Northern Ireland"},
    {"GB", "Соединённое Королевство"},
    {"GM", "The Gambia"},
    {"HK", "Сянган"},
    {"IR", "Islamic Republic of Iran"},
    {"KG", "Kyrgyz Republic"},
    {"KG", "Киргизия"},
    {"KP", "Democratic People's Republic of Korea"},
    {"KP", "DPRK"},
    {"KP", "Северная Корея"},
    {"KP", "Корейская Народно-Демократическая Республика"},
    {"KR", "Republic of Korea"},
    {"KR", "Южная Корея"},
    {"KZ", "Республика Казахстан"},
    {"LA", "Lao People's Democratic Republic"},
    {"MD", "Republic of Moldova"},
    {"MD", "Молдавия"},
    {"MK", "Macedonia"},
    {"MK", "Македония"},
    {"MM", "Burma"},
    {"MM", "Бирма"},
    {"MO", "Macau"},
    {"MO", "Аомынь"},
    {"NL", "The Netherlands"},
    {"NL", "Holland"},
    {"NL", "Голландия"},
    {"PG", "Папуа-Новая Гвинея"},
    {"PN", "Pitcairn"},
    {"PN", "Питкэрн"},
    {"PS", "State of Palestine"},
    {"PS", "Государство Палестина"},
    {"RE", "Reunion"},
    {"RU", "Russian Federation"},
    {"RU", "Российская Федерация"},
    {"SC", "Сейшельские Острова"},
    {"SH", "Saint Helena"},
    {"SH", "Остров Святой Елены"},
    {"ST", "Sao Tome and Principe"},
    {"SY", "Syrian Arab Republic"},
    {"SZ", "Swaziland"},
    {"SZ", "Свазиленд"},
    {"TC", "Теркс и Кайкос"},
    {"TL", "East Timor"},
    {"TL", "Тимор-Лесте"},
    {"TM", "Туркмения"},
    {"TR", "Turkey"},
    {"TR", "Turkiye"},
    {"TR", "Турецкая Республика"},
    {"TZ", "United Republic of Tanzania"},
    {"US", "USA"},
    {"US", "United States of America"},
    {"US", "Соединённые Штаты Америки"},
    {"US", "Соединённые Штаты"},
    {"VA", "Holy See"},
    {"VA", "Vatican"},
    {"VA", "Святой Престол"},
    {"VE", "Bolivarian Republic of Venezuela"},
    {"VG", "Virgin Islands (British)"},
    {"VI", "United States Virgin Islands"},
    {"VI", "US Virgin Islands"},
    {"VI", "Virgin Islands (U.S.)"},
    {"VI", "Американские Виргинские острова"},
    {"VN", "Viet Nam"},
    {"ZA", "ЮАР"},
    {"ZA", "Южная Африка"},
    {"BO", "Bolivia, Plurinational State of"},
    {"CD", "Congo, The Democratic Republic of the"},
    {"FK", "Фолклендские (Мальвинские) острова"},
    {"FK", "Мальвинские острова"},
    {"FM", "Micronesia, Federated States of"},
    {"HM", "Heard and McDonald Islands"},
    {"IR", "Iran, Islamic Republic of"},
    {"IR", "Исламская Республика Иран"},
    {"KP", "Korea, Democratic People's Republic of"},
    {"KR", "Korea, Republic of"},
    {"KY", "Каймановы острова"},
    {"CC", "Кокосовые острова"},
    {"LA", "Лаосская Народно-Демократическая Республика"},
    {"MD", "Moldova, Republic of"},
    {"MD", "Республика Молдова"},
    {"MF", "Saint Martin (French part)"},
    {"PN", "Питкерн"},
    {"PS", "Palestine, State of"},
    {"SH", "Святая Елена, Остров Вознесения, Тристан-да-Кунья"},
    {"SX", "Sint Maarten (Dutch part)"},
    {"SY", "Сирийская Арабская Республика"},
    {"TW", "Taiwan, Province of China"},
    {"TZ", "Tanzania, United Republic of"},
    {"TZ", "Объединённая Республика Танзания"},
    {"UM", "Малые Тихоокеанские отдалённые острова Соединённых Штатов"},
    {"VA", "Holy See (Vatican City State)"},
    {"VA", "Vatican City State"},
    {"VE", "Venezuela, Bolivarian Republic of"},
    {"VE", "Боливарианская Республика Венесуэла"},
    {"VG", "Virgin Islands, British"},
    {"VG", "Виргинские острова (Британские)"},
    {"VI", "Virgin Islands, U.S."},
    {"VI", "Виргинские острова (США)"},
};

const struct country *country_table(size_t *n)
{
	*n = N_COUNTRIES;
	return countries;
}

const struct country *country_by_code(const char *code)
{
	char key[3];
	size_t lo = 0, hi = N_COUNTRIES;

	if (!code || !code[0] || !code[1] || code[2])
		return NULL;
	for (int i = 0; i < 2; i++) {
		char c = code[i];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c < 'A' || c > 'Z')
			return NULL;
		key[i] = c;
	}
	key[2] = '\0';
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(key, countries[mid].code);
		if (cmp == 0)
			return &countries[mid];
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* Decode the next character of [*p, end) and fold it for comparison.
 * Bytes that are not well-formed UTF-8 come back as 0x110000 + byte, which
 * no real character equals, so they only match themselves. */
static uint32_t next_folded(const unsigned char **p, const unsigned char *end)
{
	const unsigned char *s = *p;
	uint32_t c = s[0];
	size_t n = 0;

	if (c >= 0xC2 && c <= 0xDF) {
		n = 1;
		c &= 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 2;
		c &= 0x0F;
	}
	if (c >= 0x80 && n == 0) {
		*p = s + 1;
		return 0x110000 + c;
	}
	if ((size_t)(end - s) <= n) {
		*p = s + 1;
		return 0x110000 + s[0];
	}
	for (size_t k = 1; k <= n; k++) {
		if ((s[k] & 0xC0) != 0x80) {
			*p = s + 1;
			return 0x110000 + s[0];
		}
		c = (c << 6) | (s[k] & 0x3F);
	}
	*p = s + n + 1;

	if (c >= 'A' && c <= 'Z')
		return c + 0x20;
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7) /* Latin-1 capitals */
		return c + 0x20;
	if (c >= 0x410 && c <= 0x42F) /* Cyrillic А-Я */
		return c + 0x20;
	if (c == 0x401 || c == 0x451) /* Ё, ё read as е */
		return 0x435;
	if (c == 0x2019 || c == 0x2018 || c == 0x2BC) /* ’ ‘ ʼ */
		return '\'';
	return c;
}

/* True when [a, a+alen) equals the NUL-terminated name once both are folded. */
static bool name_eq(const char *a, size_t alen, const char *name)
{
	const unsigned char *p = (const unsigned char *)a, *pend = p + alen;
	const unsigned char *q = (const unsigned char *)name;
	const unsigned char *qend = q + strlen(name);

	while (p < pend && q < qend)
		if (next_folded(&p, pend) != next_folded(&q, qend))
			return false;
	return p == pend && q == qend;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

const struct country *country_find(const char *code_or_name)
{
	const char *s = code_or_name;
	size_t len;

	if (!s)
		return NULL;
	while (is_space(*s))
		s++;
	len = strlen(s);
	while (len > 0 && is_space(s[len - 1]))
		len--;
	if (len == 0)
		return NULL;
	if (len == 2) {
		char code[3] = {s[0], s[1], '\0'};
		const struct country *c = country_by_code(code);
		if (c)
			return c;
	}
	for (size_t i = 0; i < N_COUNTRIES; i++)
		if (name_eq(s, len, countries[i].name_en) ||
		    name_eq(s, len, countries[i].name_ru))
			return &countries[i];
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (name_eq(s, len, aliases[i].name))
			return country_by_code(aliases[i].code);
	return NULL;
}
