// NANP area code -> IANA time zone, for the United States (with its NANP territories) and Canada. Plain data and pure
// functions only: this file runs in the workflow sandbox.
//
// An area code names a region, not a person: a number keeps its area code when its owner moves. It is therefore the
// second guess for a lead's time zone (after the zone on the lead, before the workspace default).
//
// Area codes that straddle a time-zone line get the zone where most of their population lives; those are marked
// "split" below with the minority part, so that a doubt can be checked against the line it came from.
// Overlays share their parent's zone. Codes announced but perhaps not yet in service are listed with their region:
// a code nobody dials costs nothing, and a code missing from the table only falls back to the workspace default.
// Caribbean NANP countries (Bahamas 242, Jamaica 876, ...) are left out on purpose: not US or Canadian numbers.

/** [state or province, IANA zone, area codes]. One row per region and zone. */
const TABLE: ReadonlyArray<readonly [region: string, zone: string, codes: string]> = [
  // United States
  ['AL', 'America/Chicago', '205 251 256 334 659 938'], // Phenix City keeps Eastern time unofficially
  ['AK', 'America/Anchorage', '907'], // the western Aleutians (Adak) are on Hawaii-Aleutian time
  ['AZ', 'America/Phoenix', '480 520 602 623 928'], // no DST; the Navajo Nation (928) observes DST
  ['AR', 'America/Chicago', '327 479 501 870'],
  ['CA', 'America/Los_Angeles', '209 213 279 310 323 341 350 369 408 415 424 442 510 530 559 562 619 626 628 650 657 661 669 707 714 738 747 760 805 818 820 831 837 840 858 909 916 925 949 951'],
  ['CO', 'America/Denver', '303 719 720 748 970 983'],
  ['CT', 'America/New_York', '203 475 860 959'],
  ['DE', 'America/New_York', '302'],
  ['DC', 'America/New_York', '202 771'],
  ['FL', 'America/New_York', '239 305 321 324 352 386 407 561 645 656 689 727 728 754 772 786 813 863 904 941 954'],
  // split: 850 (and its overlay 448) covers Tallahassee (Eastern) but most of its people live west of the
  // Apalachicola River (Pensacola, Fort Walton Beach, Panama City), which is Central.
  ['FL', 'America/Chicago', '448 850'],
  ['GA', 'America/New_York', '229 404 470 478 678 706 762 770 912 943'],
  ['HI', 'Pacific/Honolulu', '808'],
  ['ID', 'America/Boise', '208 986'], // split: the northern panhandle (Coeur d'Alene, Moscow) is Pacific
  ['IL', 'America/Chicago', '217 224 309 312 331 447 464 618 630 708 730 773 779 815 847 861 872'],
  ['IN', 'America/Indiana/Indianapolis', '260 317 463 574 765 812 930'], // split: 812/930 around Evansville is Central
  ['IN', 'America/Chicago', '219'], // Lake, Porter and LaPorte counties (Chicago area) are Central
  ['IA', 'America/Chicago', '319 515 563 641 712'],
  ['KS', 'America/Chicago', '316 620 785 913'], // split: four western counties (785, 620) are Mountain
  ['KY', 'America/New_York', '502 606 859'],
  ['KY', 'America/Chicago', '270 364'], // split: Elizabethtown and the area around it are Eastern
  ['LA', 'America/Chicago', '225 318 337 457 504 985'],
  ['ME', 'America/New_York', '207'],
  ['MD', 'America/New_York', '227 240 301 410 443 667'],
  ['MA', 'America/New_York', '339 351 413 508 617 774 781 857 978'],
  ['MI', 'America/Detroit', '231 248 269 313 517 586 616 679 734 810 906 947 989'], // split: 906's four Wisconsin-border counties are Central
  ['MN', 'America/Chicago', '218 320 507 612 651 763 924 952'],
  ['MS', 'America/Chicago', '228 471 601 662 769'],
  ['MO', 'America/Chicago', '235 314 417 557 573 636 660 816 975'],
  ['MT', 'America/Denver', '406'],
  ['NE', 'America/Chicago', '308 402 531'], // split: the Panhandle (308: Scottsbluff, Alliance) is Mountain
  ['NV', 'America/Los_Angeles', '702 725 775'], // West Wendover (775) keeps Mountain time
  ['NH', 'America/New_York', '603'],
  ['NJ', 'America/New_York', '201 551 609 640 732 848 856 862 908 973'],
  ['NM', 'America/Denver', '505 575'],
  ['NY', 'America/New_York', '212 315 329 332 347 363 516 518 585 607 624 631 646 680 716 718 838 845 914 917 929 934'],
  ['NC', 'America/New_York', '252 336 472 704 743 828 910 919 980 984'],
  ['ND', 'America/Chicago', '701'], // split: the southwest (Dickinson) is Mountain
  ['OH', 'America/New_York', '216 220 234 283 326 330 380 419 436 440 513 567 614 740 937'],
  ['OK', 'America/Chicago', '405 539 572 580 918'],
  ['OR', 'America/Los_Angeles', '458 503 541 971'], // split: most of Malheur County (541) is Mountain
  ['PA', 'America/New_York', '215 223 267 272 412 445 484 570 582 610 717 724 814 835 878'],
  ['RI', 'America/New_York', '401'],
  ['SC', 'America/New_York', '803 821 839 843 854 864'],
  ['SD', 'America/Chicago', '605'], // split: West River (Rapid City) is Mountain
  ['TN', 'America/New_York', '423 865'],
  ['TN', 'America/Chicago', '615 629 731 901 931'],
  ['TX', 'America/Chicago', '210 214 254 281 325 346 361 409 430 432 469 512 682 713 726 737 806 817 830 832 903 936 940 945 956 972 979'], // split: 432's far-west counties are Mountain
  ['TX', 'America/Denver', '915'], // El Paso and Hudspeth counties are Mountain
  ['UT', 'America/Denver', '385 435 801'],
  ['VT', 'America/New_York', '802'],
  ['VA', 'America/New_York', '276 434 540 571 686 703 757 804 826 948'],
  ['WA', 'America/Los_Angeles', '206 253 360 425 509 564'],
  ['WV', 'America/New_York', '304 681'],
  ['WI', 'America/Chicago', '262 274 353 414 534 608 715 920'],
  ['WY', 'America/Denver', '307'],
  // US territories in the NANP
  ['PR', 'America/Puerto_Rico', '787 939'],
  ['VI', 'America/St_Thomas', '340'],
  ['GU', 'Pacific/Guam', '671'],
  ['MP', 'Pacific/Saipan', '670'],
  ['AS', 'Pacific/Pago_Pago', '684'],
  // Canada
  ['AB', 'America/Edmonton', '368 403 587 780 825'],
  ['BC', 'America/Vancouver', '236 250 257 604 672 778'], // split: the East Kootenays and the Peace River (250) are Mountain
  ['MB', 'America/Winnipeg', '204 431 584'],
  ['NB', 'America/Moncton', '428 506'],
  ['NL', 'America/St_Johns', '709 879'], // split: most of Labrador is on Atlantic time
  ['NS', 'America/Halifax', '782 902'], // 902/782 also serve Prince Edward Island (same zone)
  ['ON', 'America/Toronto', '226 249 289 343 365 382 416 437 519 548 613 647 683 705 742 753 807 905 942'], // split: 807 west of Thunder Bay (Kenora) is Central
  ['QC', 'America/Toronto', '263 354 367 418 438 450 468 514 579 581 819 873'], // split: the Magdalen Islands and the Lower North Shore (418) are Atlantic
  ['SK', 'America/Regina', '306 474 639'], // no DST; Lloydminster keeps Alberta time
  // split: 867 serves Yukon (UTC-7 all year), the Northwest Territories (Mountain) and Nunavut (mostly Eastern);
  // Mountain time (with DST) is the largest share, and is also Yukon's time in winter.
  ['NT', 'America/Edmonton', '867'],
];

/**
 * Split area codes: the other zones some of their people live in (the table above holds the majority's zone).
 * Without a zone on the lead, a careful sender stays inside the calling hours of every one of them.
 */
const SPLIT: ReadonlyArray<readonly [codes: string, otherZones: string]> = [
  ['907', 'America/Adak'],
  ['928', 'America/Denver'], // the Navajo Nation observes DST
  ['208 986', 'America/Los_Angeles'],
  ['219', 'America/Indiana/Indianapolis'],
  ['574 812 930', 'America/Chicago'],
  ['620 785', 'America/Denver'],
  ['270 364', 'America/New_York'],
  ['606', 'America/Chicago'],
  ['906', 'America/Chicago'],
  ['308 605 701', 'America/Denver'],
  ['775', 'America/Denver'],
  ['458 541', 'America/Boise'],
  ['423', 'America/Chicago'], // Marion, Sequatchie and Bledsoe counties
  ['432', 'America/Denver'],
  ['448 850', 'America/New_York'],
  ['236 250 257 672 778', 'America/Edmonton America/Dawson_Creek'], // BC's overlays cover the whole province
  ['709 879', 'America/Goose_Bay'],
  ['807', 'America/Winnipeg'],
  ['367 418 581', 'America/Halifax America/Blanc-Sablon'],
  ['306 474 639', 'America/Edmonton'],
  ['867', 'America/Whitehorse America/Iqaluit America/Rankin_Inlet'],
];

function buildIndex(): { zones: Map<string, string>; regions: Map<string, string>; others: Map<string, readonly string[]> } {
  const zones = new Map<string, string>();
  const regions = new Map<string, string>();
  for (const [region, zone, codes] of TABLE) {
    for (const code of codes.split(' ')) {
      zones.set(code, zone);
      regions.set(code, region);
    }
  }
  const others = new Map<string, readonly string[]>();
  for (const [codes, zoneList] of SPLIT) for (const code of codes.split(' ')) others.set(code, zoneList.split(' '));
  return { zones, regions, others };
}

const INDEX = buildIndex();

/** Area code -> IANA time zone, for every US and Canadian area code this table knows. */
export const AREA_CODE_ZONES: ReadonlyMap<string, string> = INDEX.zones;

/** Area code -> two-letter state, territory or province. */
export const AREA_CODE_REGIONS: ReadonlyMap<string, string> = INDEX.regions;

/** Split area code -> the zones of its minority parts (see SPLIT). */
export const SPLIT_AREA_CODE_ZONES: ReadonlyMap<string, readonly string[]> = INDEX.others;

/** Florida's area codes: its stricter calling rules follow the number when the lead's address is unknown. */
export const FLORIDA_AREA_CODES: ReadonlySet<string> = new Set([...INDEX.regions].filter(([, r]) => r === 'FL').map(([c]) => c));

/**
 * The area code of a NANP number ("+1 212 555 0100", "2125550100", "(212) 555-0100"), or null when the number is
 * not a NANP number (another country code, too short, an area code starting with 0 or 1).
 */
export function areaCodeOf(phone: string): string | null {
  const trimmed = phone.trim();
  const digits = trimmed.replace(/\D/g, '');
  let national: string;
  if (trimmed.startsWith('+')) {
    if (digits.length !== 11 || !digits.startsWith('1')) return null;
    national = digits.slice(1);
  } else if (digits.length === 11 && digits.startsWith('1')) {
    national = digits.slice(1);
  } else if (digits.length === 10) {
    national = digits;
  } else {
    return null;
  }
  return /^[2-9]\d{2}[2-9]\d{6}$/.test(national) ? national.slice(0, 3) : null;
}

/** The time zone of the number's area code, or null for a number outside the US and Canada (or an unknown code). */
export function timezoneForPhone(e164: string): string | null {
  const code = areaCodeOf(e164);
  return code ? (AREA_CODE_ZONES.get(code) ?? null) : null;
}

/** The other zones people under the number's split area code live in (empty for a code in one zone). */
export function otherZonesForPhone(e164: string): readonly string[] {
  const code = areaCodeOf(e164);
  return code ? (SPLIT_AREA_CODE_ZONES.get(code) ?? []) : [];
}

/** The state, territory or province of the number's area code, or null. */
export function regionForPhone(e164: string): string | null {
  const code = areaCodeOf(e164);
  return code ? (AREA_CODE_REGIONS.get(code) ?? null) : null;
}

/** True for a number with a Florida area code. */
export function isFloridaNumber(e164: string): boolean {
  const code = areaCodeOf(e164);
  return code !== null && FLORIDA_AREA_CODES.has(code);
}
