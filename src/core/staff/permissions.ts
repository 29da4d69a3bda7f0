// Who may do what: the guarded actions, the least role each needs, and the
// shop's own table (stored in the settings, merged over the defaults so an
// action added later gets its default). Pure rules: no I/O.
import { ValidationError } from '../basics/errors.js';
import { ROLE_LABELS, ROLES, type Role } from './staff.js';

export const GUARDED_ACTIONS = [
  'void_line',
  'cancel_ticket',
  'refund',
  'price_override',
  'discount_over_limit',
  'typed_weight',
  'no_sale',
  'reprint',
  'close_day',
  'cash_float',
  'cash_in',
  'cash_out',
  'account_payment',
  'account_over_limit',
  'edit_articles',
  'import_articles',
  'edit_promotions',
  'edit_customers',
  'import_customers',
  'edit_suppliers',
  'purchase_orders',
  'receive_goods',
  'adjust_stock',
  'transfer_stock',
  'edit_staff',
  'settings',
] as const;
export type GuardedAction = (typeof GUARDED_ACTIONS)[number];

/** action → the least role that may do it */
export type PermissionTable = Record<GuardedAction, Role>;

export const ACTION_LABELS: Record<GuardedAction, string> = {
  void_line: 'Annuler une ligne',
  cancel_ticket: 'Annuler le ticket',
  refund: 'Rembourser (retour)',
  price_override: 'Changer un prix',
  discount_over_limit: 'Remise au-delà du plafond',
  typed_weight: 'Poids tapé (balance branchée)',
  no_sale: 'Ouvrir le tiroir sans vente',
  reprint: 'Réimprimer un ticket',
  close_day: 'Clôturer la journée',
  cash_float: 'Saisir le fond de caisse',
  cash_in: "Entrée d'espèces",
  cash_out: "Sortie d'espèces",
  account_payment: 'Versement sur compte client',
  account_over_limit: "Paiement sur compte au-delà de l'encours",
  edit_articles: 'Modifier les articles',
  import_articles: 'Importer des articles',
  edit_promotions: 'Promotions et prix par niveau',
  edit_customers: 'Modifier les clients',
  import_customers: 'Importer des clients',
  edit_suppliers: 'Modifier les fournisseurs',
  purchase_orders: 'Commandes fournisseurs',
  receive_goods: 'Réceptionner des marchandises',
  adjust_stock: 'Corriger le stock, inventaire',
  transfer_stock: 'Transferts entre boutiques',
  edit_staff: 'Gérer le personnel',
  settings: 'Modifier les paramètres',
};


/**
 * A cashier sells, reprints, puts cash in, takes a customer's payment on
 * account (the money lands in the tenders the Z checks) and unpacks a
 * delivery; a weight typed by hand on a till with a scale, and anything that takes money out (cash out), sets what the drawer
 * should hold (the float) or changes what the shop is (prices, promotions,
 * articles, customers' terms, suppliers, orders, stock corrections, staff,
 * settings), a manager.
 */
export const DEFAULT_PERMISSIONS: PermissionTable = {
  void_line: 'manager',
  cancel_ticket: 'manager',
  refund: 'manager',
  price_override: 'manager',
  discount_over_limit: 'manager',
  // A weight typed while a certified scale is on the till bypasses the scale: a manager says so (issue #17).
  typed_weight: 'manager',
  no_sale: 'manager',
  reprint: 'cashier',
  close_day: 'manager',
  cash_float: 'manager',
  cash_in: 'cashier',
  cash_out: 'manager',
  account_payment: 'cashier',
  // A sale on account over the customer's limit (the first K says by how much; K again asks).
  account_over_limit: 'manager',
  edit_articles: 'manager',
  import_articles: 'manager',
  edit_promotions: 'manager',
  edit_customers: 'manager',
  import_customers: 'manager',
  edit_suppliers: 'manager',
  purchase_orders: 'manager',
  receive_goods: 'cashier',
  adjust_stock: 'manager',
  // Goods leaving a shop for another, received there or written off in transit: a manager (issue #22).
  transfer_stock: 'manager',
  edit_staff: 'manager',
  settings: 'manager',
};

const RANK: Record<Role, number> = { cashier: 0, manager: 1, owner: 2 };

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function isGuardedAction(value: string): value is GuardedAction {
  return (GUARDED_ACTIONS as readonly string[]).includes(value);
}

/** True when `role` is `least` or above (cashier < manager < owner). */
export function roleAtLeast(role: Role, least: Role): boolean {
  return RANK[role] >= RANK[least];
}

export function mayDo(role: Role, action: GuardedAction, table: PermissionTable = DEFAULT_PERMISSIONS): boolean {
  return roleAtLeast(role, table[action]);
}

/** The stored table merged over the defaults; an unknown action or role in storage is ignored, never trusted. */
export function permissionTableOf(stored: unknown): PermissionTable {
  const table = { ...DEFAULT_PERMISSIONS };
  if (stored && typeof stored === 'object' && !Array.isArray(stored)) {
    for (const [action, role] of Object.entries(stored as Record<string, unknown>)) {
      if (isGuardedAction(action) && typeof role === 'string' && isRole(role)) table[action] = role;
    }
  }
  return table;
}

/** Checks one typed change ("void_line", "cashier"); a bad action or role is a ValidationError that names the choices. */
export function parsePermissionChange(action: string, role: string): { action: GuardedAction; role: Role } {
  if (!isGuardedAction(action)) throw new ValidationError(`Action inconnue : « ${action} » (${GUARDED_ACTIONS.join(', ')})`);
  if (!isRole(role)) throw new ValidationError(`Rôle inconnu : « ${role} » (${ROLES.join(', ')})`);
  return { action, role };
}

/** "Code PIN refusé : « Annuler une ligne » demande un responsable": for a PIN typed (where none was, the back office says it without the PIN words) */
export function refusalMessage(action: GuardedAction, table: PermissionTable): string {
  return `Code PIN refusé : « ${ACTION_LABELS[action]} » demande un ${ROLE_LABELS[table[action]].fr}`;
}
