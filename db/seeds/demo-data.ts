// The demo shop's data: a Parisian épicerie fine. Pure data; EAN-13 check
// digits are computed, so every code scans as a real one would.
import { DEFAULT_EMBEDDED_LAYOUTS, encodeEmbedded, makeEan13 } from '../../src/core/sales/barcode.js';

export interface DemoCategory { key: string; name: string; color: string }
export interface DemoSupplier { key: string; name: string; contact: string; email: string; phone: string; leadTimeDays: number; minOrderValueCents: number }
export interface DemoArticle {
  plu: string;
  ean13: string | null;
  name: string;
  category: string;
  priceCents: number;
  vatBp: number;
  costCents: number;
  unit: 'unit' | 'kg';
  loyaltyPoints: number;
  /** thousandths */
  minStock: number;
  /** thousandths, the stock at the end of the demo history */
  initialStock: number;
  supplier: string;
  supplierRef: string;
  packSize: number;
  /** 1..10: how often it sells in the generated history */
  popularity: number;
}
export interface DemoCustomerGroup { key: string; name: string; discountBp: number; priceLevel: string | null }
export interface DemoCustomer {
  code: string; firstName: string; lastName: string; phone: string; email: string; address: string;
  postalCode: string; city: string; group: string; overdraftLimitCents: number; notes: string;
}
export interface DemoEmployee { name: string; role: 'cashier' | 'manager' | 'owner'; pin: string }

export const DEMO_SHOP = {
  name: 'Épicerie Fine du Marais',
  address: '12 rue des Rosiers',
  postalCode: '75004',
  city: 'Paris',
  phone: '01 42 72 00 00',
  siret: '812 345 678 00014',
  vatNumber: 'FR32812345678',
  receiptHeader: ['Épicerie Fine du Marais', 'Produits du terroir & vins'],
  receiptFooter: ['Merci de votre visite !', 'Échange sous 15 jours avec ce ticket'],
};

export const DEMO_CATEGORIES: DemoCategory[] = [
  { key: 'sucree', name: 'Épicerie sucrée', color: 'yellow' },
  { key: 'salee', name: 'Épicerie salée', color: 'green' },
  { key: 'fromages', name: 'Fromages', color: 'white' },
  { key: 'charcuterie', name: 'Charcuterie', color: 'magenta' },
  { key: 'cave', name: 'Cave', color: 'blue' },
  { key: 'the-cafe', name: 'Thés & cafés', color: 'cyan' },
  { key: 'cadeaux', name: 'Cadeaux & maison', color: 'gray' },
];

export const DEMO_SUPPLIERS: DemoSupplier[] = [
  { key: 'terroirs', name: 'Terroirs de France Distribution', contact: 'Sophie Lambert', email: 'commandes@terroirs-distribution.fr', phone: '04 78 12 34 56', leadTimeDays: 3, minOrderValueCents: 25000 },
  { key: 'caves', name: 'Les Caves Réunies', contact: 'Jean-Marc Vidal', email: 'pro@cavesreunies.fr', phone: '05 56 98 76 54', leadTimeDays: 5, minOrderValueCents: 40000 },
  { key: 'affineurs', name: 'Maison des Affineurs', contact: 'Hélène Roux', email: 'ventes@maison-affineurs.fr', phone: '03 81 45 67 89', leadTimeDays: 2, minOrderValueCents: 15000 },
];

// [name, price (cents, TTC; per kg when weighed), VAT bp, unit, min stock, end stock, popularity, loyalty points, supplier]
type Row = [string, number, number, 'unit' | 'kg', number, number, number, number, string];

const ROWS: Record<string, Row[]> = {
  sucree: [
    ['Confiture abricot 370g', 690, 550, 'unit', 6, 14, 8, 2, 'terroirs'],
    ['Confiture fraise 370g', 690, 550, 'unit', 6, 4, 9, 2, 'terroirs'],
    ['Miel de lavande 250g', 950, 550, 'unit', 4, 11, 6, 3, 'terroirs'],
    ['Miel acacia 500g', 1490, 550, 'unit', 3, 8, 4, 4, 'terroirs'],
    ['Pâte à tartiner noisette', 790, 550, 'unit', 6, 18, 9, 2, 'terroirs'],
    ['Calissons d\'Aix 200g', 1290, 550, 'unit', 4, 9, 4, 4, 'terroirs'],
    ['Nougat blanc 150g', 540, 550, 'unit', 5, 3, 6, 2, 'terroirs'],
    ['Caramels beurre salé', 620, 550, 'unit', 6, 15, 7, 2, 'terroirs'],
    ['Chocolat noir 70 % 100g', 380, 550, 'unit', 10, 30, 10, 1, 'terroirs'],
    ['Sablés bretons 250g', 420, 550, 'unit', 8, 22, 8, 1, 'terroirs'],
    ['Marrons glacés x8', 1890, 550, 'unit', 2, 5, 2, 5, 'terroirs'],
    ['Crème de marrons 250g', 480, 550, 'unit', 4, 10, 4, 1, 'terroirs'],
  ],
  salee: [
    ['Huile d\'olive vierge 50cl', 1450, 550, 'unit', 5, 12, 7, 4, 'terroirs'],
    ['Vinaigre balsamique 25cl', 890, 550, 'unit', 4, 9, 5, 2, 'terroirs'],
    ['Moutarde de Dijon 210g', 350, 550, 'unit', 8, 25, 8, 1, 'terroirs'],
    ['Sardines millésimées 2025', 790, 550, 'unit', 6, 5, 5, 2, 'terroirs'],
    ['Rillettes de thon 90g', 460, 550, 'unit', 6, 16, 6, 1, 'terroirs'],
    ['Fleur de sel Guérande 125g', 520, 550, 'unit', 5, 14, 5, 1, 'terroirs'],
    ['Tapenade noire 100g', 560, 550, 'unit', 4, 10, 4, 1, 'terroirs'],
    ['Pâtes artisanales 500g', 390, 550, 'unit', 8, 24, 7, 1, 'terroirs'],
    ['Foie gras de canard 180g', 3290, 550, 'unit', 3, 2, 3, 8, 'terroirs'],
    ['Soupe de poissons 780ml', 890, 550, 'unit', 3, 8, 3, 2, 'terroirs'],
    ['Olives de Nyons', 2400, 550, 'kg', 1000, 3500, 5, 0, 'terroirs'],
    ['Lentilles vertes du Puy', 890, 550, 'kg', 2000, 6000, 4, 0, 'terroirs'],
  ],
  fromages: [
    ['Comté 18 mois', 3290, 550, 'kg', 1500, 5200, 9, 0, 'affineurs'],
    ['Beaufort d\'été', 3890, 550, 'kg', 1000, 3100, 5, 0, 'affineurs'],
    ['Roquefort AOP', 2980, 550, 'kg', 800, 600, 5, 0, 'affineurs'],
    ['Tomme de Savoie', 2250, 550, 'kg', 1000, 2900, 6, 0, 'affineurs'],
    ['Brie de Meaux', 2690, 550, 'kg', 1000, 2400, 6, 0, 'affineurs'],
    ['Crottin de Chavignol', 390, 550, 'unit', 6, 14, 6, 1, 'affineurs'],
    ['Camembert au lait cru', 590, 550, 'unit', 6, 5, 7, 1, 'affineurs'],
    ['Saint-Marcellin', 450, 550, 'unit', 5, 12, 5, 1, 'affineurs'],
    ['Mimolette extra-vieille', 3190, 550, 'kg', 500, 1800, 3, 0, 'affineurs'],
    ['Beurre demi-sel 250g', 420, 550, 'unit', 8, 20, 8, 1, 'affineurs'],
    ['Crème crue 20cl', 380, 550, 'unit', 6, 0, 5, 1, 'affineurs'],
    ['Yaourt fermier nature', 160, 550, 'unit', 10, 28, 6, 0, 'affineurs'],
  ],
  charcuterie: [
    ['Saucisson sec pur porc', 2890, 550, 'kg', 1000, 4200, 8, 0, 'affineurs'],
    ['Jambon de Bayonne', 3990, 550, 'kg', 1000, 2600, 7, 0, 'affineurs'],
    ['Coppa tranchée', 4290, 550, 'kg', 500, 1400, 4, 0, 'affineurs'],
    ['Rosette de Lyon', 2490, 550, 'kg', 800, 700, 5, 0, 'affineurs'],
    ['Pâté de campagne', 1990, 550, 'kg', 800, 2500, 6, 0, 'affineurs'],
    ['Terrine de canard 180g', 690, 550, 'unit', 5, 12, 5, 2, 'terroirs'],
    ['Rillettes du Mans 220g', 590, 550, 'unit', 6, 15, 6, 1, 'terroirs'],
    ['Magret séché tranché 90g', 890, 550, 'unit', 4, 3, 4, 2, 'terroirs'],
    ['Chorizo ibérique 200g', 790, 550, 'unit', 4, 10, 4, 2, 'terroirs'],
    ['Saucisse de Morteau', 990, 550, 'unit', 4, 9, 4, 2, 'affineurs'],
    ['Quiche lorraine part', 450, 1000, 'unit', 4, 8, 6, 1, 'affineurs'],
    ['Salade piémontaise 250g', 520, 1000, 'unit', 3, 7, 4, 1, 'affineurs'],
  ],
  cave: [
    ['Bordeaux Supérieur 2022', 1490, 2000, 'unit', 6, 18, 8, 4, 'caves'],
    ['Côtes-du-Rhône 2023', 990, 2000, 'unit', 6, 24, 8, 3, 'caves'],
    ['Chablis 2022', 2190, 2000, 'unit', 4, 9, 5, 6, 'caves'],
    ['Saint-Émilion GC 2019', 3490, 2000, 'unit', 3, 2, 3, 10, 'caves'],
    ['Champagne brut', 3290, 2000, 'unit', 4, 10, 5, 10, 'caves'],
    ['Crémant de Loire', 1390, 2000, 'unit', 4, 11, 5, 4, 'caves'],
    ['Rosé de Provence 2024', 1290, 2000, 'unit', 5, 16, 6, 4, 'caves'],
    ['Muscadet sur lie 2023', 890, 2000, 'unit', 5, 14, 5, 3, 'caves'],
    ['Cidre brut fermier 75cl', 490, 2000, 'unit', 6, 20, 6, 1, 'caves'],
    ['Bière blonde artisanale', 390, 2000, 'unit', 12, 36, 7, 1, 'caves'],
    ['Calvados Pays d\'Auge 70cl', 3990, 2000, 'unit', 2, 4, 2, 10, 'caves'],
    ['Jus de pomme bio 1L', 450, 550, 'unit', 6, 15, 6, 1, 'caves'],
  ],
  'the-cafe': [
    ['Thé vert Sencha 100g', 990, 550, 'unit', 4, 10, 5, 2, 'terroirs'],
    ['Thé noir Earl Grey 100g', 890, 550, 'unit', 4, 12, 5, 2, 'terroirs'],
    ['Rooibos vanille 100g', 850, 550, 'unit', 3, 8, 3, 2, 'terroirs'],
    ['Infusion verveine 50g', 650, 550, 'unit', 3, 9, 3, 1, 'terroirs'],
    ['Café Éthiopie moulu 250g', 990, 550, 'unit', 5, 13, 6, 2, 'terroirs'],
    ['Café Colombie grains 250g', 950, 550, 'unit', 5, 4, 6, 2, 'terroirs'],
    ['Café grains maison', 3600, 550, 'kg', 1000, 3800, 6, 0, 'terroirs'],
    ['Chocolat chaud 250g', 890, 550, 'unit', 3, 8, 3, 2, 'terroirs'],
    ['Sirop d\'orgeat 50cl', 690, 550, 'unit', 3, 7, 2, 1, 'terroirs'],
    ['Abricots secs', 1990, 550, 'kg', 1000, 2600, 4, 0, 'terroirs'],
    ['Amandes grillées salées', 2890, 550, 'kg', 800, 2100, 4, 0, 'terroirs'],
    ['Pruneaux d\'Agen', 1690, 550, 'kg', 800, 1900, 3, 0, 'terroirs'],
  ],
  cadeaux: [
    ['Coffret dégustation', 4900, 550, 'unit', 2, 5, 2, 10, 'terroirs'],
    ['Panier garni gourmand', 6900, 550, 'unit', 1, 3, 1, 10, 'terroirs'],
    ['Bougie parfumée figue', 2490, 2000, 'unit', 2, 6, 2, 5, 'terroirs'],
    ['Tablier lin brodé', 2990, 2000, 'unit', 1, 4, 1, 5, 'terroirs'],
    ['Planche à fromage olivier', 3490, 2000, 'unit', 1, 3, 1, 6, 'terroirs'],
    ['Couteau à fromage', 1590, 2000, 'unit', 2, 7, 2, 3, 'terroirs'],
    ['Sac cabas jute', 590, 2000, 'unit', 5, 18, 4, 1, 'terroirs'],
    ['Carte cadeau message', 250, 2000, 'unit', 10, 40, 3, 0, 'terroirs'],
    ['Boîte à thé métal', 1290, 2000, 'unit', 2, 1, 2, 3, 'terroirs'],
    ['Verres à vin x2', 1990, 2000, 'unit', 2, 5, 1, 4, 'caves'],
    ['Tire-bouchon sommelier', 1490, 2000, 'unit', 2, 6, 2, 3, 'caves'],
    ['Torchon imprimé Paris', 1190, 2000, 'unit', 3, 9, 2, 2, 'terroirs'],
  ],
};

/** Articles sold by the unit get a 3-digit PLU; weighed ones a 5-digit PLU a scale label can carry. */
function buildArticles(): DemoArticle[] {
  const out: DemoArticle[] = [];
  let unitPlu = 100;
  let kgPlu = 10000;
  const refCounter: Record<string, number> = {};
  const REF_PREFIX: Record<string, string> = { terroirs: 'TDF', caves: 'LCR', affineurs: 'MDA' };
  // Manufacturer prefixes (French GS1 range 300-379) for the unit articles' codes.
  const COMPANY: Record<string, string> = { terroirs: '3760451', caves: '3545910', affineurs: '3266980' };
  for (const [category, rows] of Object.entries(ROWS)) {
    for (const [name, price, vatBp, unit, minStock, endStock, popularity, loyalty, supplier] of rows) {
      const weighed = unit === 'kg';
      const plu = weighed ? String(++kgPlu) : String(++unitPlu);
      refCounter[supplier] = (refCounter[supplier] ?? 1000) + 7;
      const ean13 = weighed ? null : makeEan13(`${COMPANY[supplier]}${plu.padStart(5, '0')}`);
      const priceHt = Math.round((price * 10000) / (10000 + vatBp));
      out.push({
        plu,
        ean13,
        name,
        category,
        priceCents: price,
        vatBp,
        costCents: Math.round(priceHt * 0.58),
        unit,
        loyaltyPoints: loyalty,
        minStock: weighed ? minStock : minStock * 1000,
        initialStock: weighed ? endStock : endStock * 1000,
        supplier,
        supplierRef: `${REF_PREFIX[supplier]}-${refCounter[supplier]}`,
        packSize: weighed ? 1000 : (price > 2500 ? 1 : price > 1000 ? 6 : 12) * 1000,
        popularity,
      });
    }
  }
  return out;
}

export const DEMO_ARTICLES: DemoArticle[] = buildArticles();

export const DEMO_CUSTOMER_GROUPS: DemoCustomerGroup[] = [
  { key: 'all', name: 'Tous les clients', discountBp: 0, priceLevel: null },
  { key: 'pro', name: 'Professionnels', discountBp: 500, priceLevel: 'wholesale' },
  { key: 'vip', name: 'Fidèles', discountBp: 300, priceLevel: null },
];

// [first, last, phone, street, postal code, city, group, overdraft limit (cents), notes]
type CustomerRow = [string, string, string, string, string, string, string, number, string];
const CUSTOMER_ROWS: CustomerRow[] = [
  ['Hélène', 'Dupont', '06 12 34 56 78', '4 rue Vieille-du-Temple', '75004', 'Paris', 'vip', 0, 'Aime les comtés affinés'],
  ['François', 'Lefèvre', '06 23 45 67 89', '18 rue de Turenne', '75004', 'Paris', 'all', 0, ''],
  ['Amélie', 'Moreau', '07 34 56 78 90', '9 rue des Archives', '75003', 'Paris', 'all', 0, ''],
  ['Jérôme', 'Bernard', '06 45 67 89 01', '2 place des Vosges', '75004', 'Paris', 'vip', 5000, 'Compte ouvert, réglé en fin de mois'],
  ['Céline', 'Petit', '06 56 78 90 12', '31 rue Charlot', '75003', 'Paris', 'all', 0, ''],
  ['Loïc', 'Garnier', '07 67 89 01 23', '7 rue de Bretagne', '75003', 'Paris', 'all', 0, ''],
  ['Bistrot', 'Le Saint-Paul', '01 42 78 11 22', '22 rue Saint-Antoine', '75004', 'Paris', 'pro', 50000, 'Restaurant : facture mensuelle'],
  ['Traiteur', 'Maison Rivière', '01 48 87 33 44', '5 rue du Temple', '75004', 'Paris', 'pro', 30000, 'Commandes le jeudi'],
  ['Gaëlle', 'Fontaine', '06 78 90 12 34', '14 rue Payenne', '75003', 'Paris', 'all', 0, ''],
  ['Noël', 'Chevalier', '06 89 01 23 45', '40 rue de Sévigné', '75004', 'Paris', 'all', 0, ''],
  ['Inès', 'Rousseau', '07 90 12 34 56', '3 rue Pavée', '75004', 'Paris', 'vip', 0, 'Allergie aux fruits à coque'],
  ['Benoît', 'Mercier', '06 01 23 45 67', '11 rue du Roi-de-Sicile', '75004', 'Paris', 'all', 0, ''],
  ['Zoé', 'Blanchard', '06 11 22 33 44', '27 rue des Francs-Bourgeois', '75004', 'Paris', 'all', 0, ''],
  ['Thérèse', 'Gauthier', '01 42 74 55 66', '8 rue Ferdinand-Duval', '75004', 'Paris', 'vip', 10000, 'Cliente depuis l\'ouverture'],
  ['Rémi', 'Perrin', '06 22 33 44 55', '16 rue Elzévir', '75003', 'Paris', 'all', 0, ''],
  ['Café', 'des Écouffes', '01 42 71 77 88', '1 rue des Écouffes', '75004', 'Paris', 'pro', 20000, 'Café-restaurant'],
  ['Maëlys', 'Robin', '07 33 44 55 66', '6 rue de Jarente', '75004', 'Paris', 'all', 0, ''],
  ['Stéphane', 'Clément', '06 44 55 66 77', '35 rue de Saintonge', '75003', 'Paris', 'all', 0, ''],
  ['Léonie', 'Faure', '06 55 66 77 88', '12 rue Commines', '75003', 'Paris', 'all', 0, ''],
  ['Aurélien', 'Girard', '06 66 77 88 99', '20 rue Vieille-du-Temple', '75004', 'Paris', 'all', 0, ''],
];

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]+/g, '');

export const DEMO_CUSTOMERS: DemoCustomer[] = CUSTOMER_ROWS.map(
  ([firstName, lastName, phone, address, postalCode, city, group, overdraftLimitCents, notes], i) => ({
    // In-store range 29…: the code printed on the loyalty card is scanned like an article.
    code: makeEan13(`29${String(1000000001 + i).padStart(10, '0')}`),
    firstName,
    lastName,
    phone,
    email: `${fold(firstName)}.${fold(lastName)}@exemple.fr`,
    address,
    postalCode,
    city,
    group,
    overdraftLimitCents,
    notes,
  }),
);

export const DEMO_EMPLOYEES: DemoEmployee[] = [
  { name: 'Claire Martin', role: 'owner', pin: '9999' },
  { name: 'Marc Lenoir', role: 'manager', pin: '1234' },
  { name: 'Léa Morel', role: 'cashier', pin: '0000' },
  { name: 'Hugo Lemaire', role: 'cashier', pin: '2468' },
];

/** Customers of the demo who buy on account (the restaurant and the caterer): their codes. */
export const DEMO_ACCOUNT_CUSTOMERS: string[] = DEMO_CUSTOMERS.filter((c) => c.lastName === 'Le Saint-Paul' || c.lastName === 'Maison Rivière').map((c) => c.code);

/** A scale label to try at the demo till: what it stands for, and the EAN-13 a scale would print. */
export interface DemoLabel {
  code: string;
  plu: string;
  name: string;
  kind: 'weight' | 'price';
  /** grams for a weight label, cents for a price label */
  value: number;
}

/**
 * Labels of the demo's weighed articles in the default layouts (21/22 weight in
 * grams, 23/24 price in cents): `pos db seed --demo` prints them, and they can
 * be typed or scanned at the till.
 */
export const DEMO_LABELS: DemoLabel[] = ([
  ['Pâté de campagne', 'price', 500, '23'],
  ['Jambon de Bayonne', 'price', 1245, '24'],
  ['Comté 18 mois', 'weight', 250, '21'],
] as const).map(([name, kind, value, prefix]) => {
  const article = DEMO_ARTICLES.find((a) => a.name === name)!;
  const layout = DEFAULT_EMBEDDED_LAYOUTS.find((l) => l.prefix === prefix)!;
  return { code: encodeEmbedded(layout, article.plu, value), plu: article.plu, name, kind, value };
});
