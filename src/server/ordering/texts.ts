// Every word of the ordering page, in French (first) and English, and how a
// request picks its language: `?lang=en` (remembered in a cookie), the
// cookie, then the browser's Accept-Language. Core error messages stay in
// French, as on the till.
export type Lang = 'fr' | 'en';

const FR = {
  'app.title': 'Commandes',
  'nav.lowStock': 'Stock bas',
  'nav.orders': 'Commandes',
  'nav.past': 'Historique',
  'nav.signOut': 'Se déconnecter',
  'nav.otherLang': 'English',
  'signIn.title': 'Connexion',
  'signIn.pin': 'Code PIN',
  'signIn.submit': 'Se connecter',
  'signIn.wrong': 'Code PIN refusé : aucun employé actif n\'a ce code',
  'signIn.locked': 'Trop de codes PIN faux : saisie bloquée encore {s} s',
  'signIn.notAllowed': '{name} ne peut pas se connecter ici',
  'signIn.bad': 'Le code PIN ne contient que des chiffres (4 à 8)',
  'signedInAs': '{name} ({role})',
  'lowStock.title': 'Stock bas',
  'lowStock.none': 'Aucun article sous son stock minimum.',
  'lowStock.stock': 'stock {stock}, minimum {min}',
  'lowStock.supplier': 'fournisseur : {name}',
  'lowStock.noSupplier': 'sans fournisseur',
  'orders.title': 'Commandes',
  'orders.drafts': 'Propositions (brouillons)',
  'orders.noDraft': 'Aucun brouillon. Calculez les propositions.',
  'orders.open': 'Envoyées, à recevoir',
  'orders.noOpen': 'Aucune commande en attente de livraison.',
  'orders.propose': 'Calculer les propositions',
  'orders.proposed': 'Propositions calculées : {n} brouillon(s).',
  'orders.lines': '{n} ligne(s)',
  'orders.value': '{value} HT',
  'orders.belowMin': 'Sous le minimum de commande de {min} (manque {short})',
  'orders.expected': 'attendue le {date}',
  'orders.sentOn': 'envoyée le {date}',
  'past.title': 'Commandes passées',
  'past.none': 'Aucune commande passée.',
  'order.title': 'Commande {ref}',
  'order.supplier': 'Fournisseur : {name}',
  'order.empty': 'Aucune ligne.',
  'order.qty': 'Quantité',
  'order.qtyOf': 'Quantité ({unit})',
  'order.cost': '{cost} HT l\'unité',
  'order.costKg': '{cost} HT le kg',
  'order.lineValue': 'montant {value} HT',
  'order.received': 'reçu {received} sur {quantity}, reste {due}',
  'order.saveQty': 'Enregistrer les quantités',
  'order.saved': 'Quantités enregistrées.',
  'order.zeroRemoves': '0 retire la ligne.',
  'order.send': 'Envoyer la commande',
  'order.sent': 'Commande {ref} envoyée, livraison attendue le {date}.',
  'order.add': 'Ajouter un article',
  'order.search': 'Nom, PLU ou code-barres',
  'order.searchSubmit': 'Chercher',
  'order.noResult': 'Aucun article pour « {q} ».',
  'order.addSubmit': 'Ajouter',
  'order.added': '{name} ajouté.',
  'order.receive': 'Réception',
  'order.receiveHint': 'Tapez ce qui est arrivé ; laissez vide ce qui manque.',
  'order.receiveSubmit': 'Enregistrer la réception',
  'order.receiveAll': 'Tout est arrivé',
  'order.receivedDone': 'Réception enregistrée : commande {status}.',
  'order.nothingReceived': 'Aucune quantité reçue : rien n\'est enregistré.',
  'order.back': 'Retour aux commandes',
  'qty.bad': '{name} : quantité « {text} » refusée ({why})',
  'qty.negative': 'une quantité positive est attendue',
  'refused': '« {action} » demande un {role}.',
  'error.csrf': 'Formulaire expiré ou incomplet : rechargez la page et recommencez.',
  'error.notFound': 'Page introuvable.',
  'error.server': 'Erreur du serveur : réessayez dans un instant.',
  'error.badField': 'Champ refusé : {problem}',
  'status.draft': 'brouillon',
  'status.sent': 'envoyée',
  'status.partial': 'reçue en partie',
  'status.received': 'reçue',
  'status.cancelled': 'annulée',
  'action.purchase_orders': 'Commandes fournisseurs',
  'action.receive_goods': 'Réceptionner des marchandises',
  'unit.unit': 'unités',
  'unit.kg': 'kg',
} as const;

export type TextKey = keyof typeof FR;

const EN: Record<TextKey, string> = {
  'app.title': 'Orders',
  'nav.lowStock': 'Low stock',
  'nav.orders': 'Orders',
  'nav.past': 'History',
  'nav.signOut': 'Sign out',
  'nav.otherLang': 'Français',
  'signIn.title': 'Sign in',
  'signIn.pin': 'PIN',
  'signIn.submit': 'Sign in',
  'signIn.wrong': 'PIN refused: no active employee has this PIN',
  'signIn.locked': 'Too many wrong PINs: locked for {s} s more',
  'signIn.notAllowed': '{name} may not sign in here',
  'signIn.bad': 'A PIN is digits only (4 to 8)',
  'signedInAs': '{name} ({role})',
  'lowStock.title': 'Low stock',
  'lowStock.none': 'No article under its minimum stock.',
  'lowStock.stock': 'stock {stock}, minimum {min}',
  'lowStock.supplier': 'supplier: {name}',
  'lowStock.noSupplier': 'no supplier',
  'orders.title': 'Orders',
  'orders.drafts': 'Proposals (drafts)',
  'orders.noDraft': 'No draft. Compute the proposals.',
  'orders.open': 'Sent, to receive',
  'orders.noOpen': 'No order waiting for delivery.',
  'orders.propose': 'Compute the proposals',
  'orders.proposed': 'Proposals computed: {n} draft(s).',
  'orders.lines': '{n} line(s)',
  'orders.value': '{value} excl. VAT',
  'orders.belowMin': 'Below the minimum order of {min} ({short} short)',
  'orders.expected': 'expected on {date}',
  'orders.sentOn': 'sent on {date}',
  'past.title': 'Past orders',
  'past.none': 'No past order.',
  'order.title': 'Order {ref}',
  'order.supplier': 'Supplier: {name}',
  'order.empty': 'No line.',
  'order.qty': 'Quantity',
  'order.qtyOf': 'Quantity ({unit})',
  'order.cost': '{cost} excl. VAT each',
  'order.costKg': '{cost} excl. VAT per kg',
  'order.lineValue': 'value {value} excl. VAT',
  'order.received': 'received {received} of {quantity}, {due} due',
  'order.saveQty': 'Save the quantities',
  'order.saved': 'Quantities saved.',
  'order.zeroRemoves': '0 removes the line.',
  'order.send': 'Send the order',
  'order.sent': 'Order {ref} sent, delivery expected on {date}.',
  'order.add': 'Add an article',
  'order.search': 'Name, PLU or barcode',
  'order.searchSubmit': 'Search',
  'order.noResult': 'No article for “{q}”.',
  'order.addSubmit': 'Add',
  'order.added': '{name} added.',
  'order.receive': 'Delivery',
  'order.receiveHint': 'Type what arrived; leave empty what is missing.',
  'order.receiveSubmit': 'Save the delivery',
  'order.receiveAll': 'Everything arrived',
  'order.receivedDone': 'Delivery saved: order {status}.',
  'order.nothingReceived': 'No quantity received: nothing is saved.',
  'order.back': 'Back to the orders',
  'qty.bad': '{name}: quantity “{text}” refused ({why})',
  'qty.negative': 'a positive quantity is expected',
  'refused': '“{action}” needs a {role}.',
  'error.csrf': 'Form expired or incomplete: reload the page and try again.',
  'error.notFound': 'Page not found.',
  'error.server': 'Server error: try again in a moment.',
  'error.badField': 'Field refused: {problem}',
  'status.draft': 'draft',
  'status.sent': 'sent',
  'status.partial': 'partly received',
  'status.received': 'received',
  'status.cancelled': 'cancelled',
  'action.purchase_orders': 'Supplier orders',
  'action.receive_goods': 'Receive goods',
  'unit.unit': 'units',
  'unit.kg': 'kg',
};

const TABLES: Record<Lang, Record<TextKey, string>> = { fr: FR, en: EN };

export type Translate = (key: TextKey, vars?: Record<string, string | number>) => string;

/** The translator of a language: `{name}` in a text is replaced by vars.name. */
export function translator(lang: Lang): Translate {
  const table = TABLES[lang];
  return (key, vars = {}) => table[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function isLang(value: unknown): value is Lang {
  return value === 'fr' || value === 'en';
}

/** The language of a request: the query's, else the cookie's, else the first of Accept-Language we speak, else French. */
export function pickLang(query: unknown, cookie: unknown, acceptLanguage: string | undefined): Lang {
  if (isLang(query)) return query;
  if (isLang(cookie)) return cookie;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0]!.trim().toLowerCase().slice(0, 2);
    if (isLang(tag)) return tag;
  }
  return 'fr';
}
