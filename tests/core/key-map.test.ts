// The till's keys as data (#18): the shop's overrides are read, checked for
// conflicts and keys the till needs, and the effective map answers key events.
import {
  actionOfKey,
  checkKeySettings,
  DEFAULT_KEY_MAP,
  describeKeys,
  KeyMapError,
  keyMapOf,
  readKeyMap,
  tenderOfKey,
  TILL_ACTIONS,
} from '../../src/core/shop/key-map.js';

const problemsOf = (keys: string, tenderKeys = '') => readKeyMap({ 'till.keys': keys, 'till.tenderKeys': tenderKeys }).problems;

describe('the default map', () => {
  test('is the till keys of before: F-keys, their Ctrl and Alt alternatives, tender letters', () => {
    expect(describeKeys(DEFAULT_KEY_MAP, 'customer')).toBe('F2 / Ctrl+K / Alt+2');
    expect(describeKeys(DEFAULT_KEY_MAP, 'void')).toBe('Suppr / Ctrl+X');
    expect(describeKeys(DEFAULT_KEY_MAP, 'void', 'en')).toBe('Del / Ctrl+X');
    expect(describeKeys(DEFAULT_KEY_MAP, 'owedDrawer')).toBe('Ctrl+Q / Alt+o');
    expect(actionOfKey(DEFAULT_KEY_MAP, { type: 'key', name: 'f12' })).toBe('pay');
    expect(actionOfKey(DEFAULT_KEY_MAP, { type: 'ctrl', letter: 'f' })).toBe('search');
    expect(actionOfKey(DEFAULT_KEY_MAP, { type: 'alt', char: 'w' })).toBe('repeatSale');
    expect(actionOfKey(DEFAULT_KEY_MAP, { type: 'text', text: 'k' })).toBeNull();
    expect(actionOfKey(DEFAULT_KEY_MAP, { type: 'key', name: 'enter' })).toBeNull();
    expect(tenderOfKey(DEFAULT_KEY_MAP, 'E')).toBe('cash');
    expect(tenderOfKey(DEFAULT_KEY_MAP, 'z')).toBeNull();
  });

  test('has no conflict and a key for every action', () => {
    expect(problemsOf('')).toEqual([]);
    for (const action of TILL_ACTIONS) expect(DEFAULT_KEY_MAP.actions[action].length).toBeGreaterThan(0);
  });
});

describe("a shop's overrides", () => {
  test('replace the keys of the actions named and keep the others', () => {
    const map = checkKeySettings({ 'till.keys': ' search = F3, ctrl+s ;customer=F2,Alt+2; ', 'till.tenderKeys': 'cash=B; card=x' });
    expect(describeKeys(map, 'search')).toBe('F3 / Ctrl+S');
    expect(actionOfKey(map, { type: 'ctrl', letter: 's' })).toBe('search');
    expect(actionOfKey(map, { type: 'ctrl', letter: 'f' })).toBeNull();
    expect(actionOfKey(map, { type: 'ctrl', letter: 'k' })).toBeNull();
    expect(describeKeys(map, 'pay')).toBe('F12 / Ctrl+T');
    expect(tenderOfKey(map, 'b')).toBe('cash');
    expect(tenderOfKey(map, 'X')).toBe('card');
    expect(tenderOfKey(map, 'e')).toBeNull();
    expect(tenderOfKey(map, 'q')).toBe('cheque');
  });

  test('one key for two actions is refused, naming both, even against a default kept', () => {
    expect(problemsOf('search=Ctrl+K')).toEqual(["Ctrl+K sert à la fois à « customer » et à « search » (changez aussi l'une des deux)"]);
    // freeing the key first makes it usable
    expect(problemsOf('customer=F2,Alt+2; search=Ctrl+K')).toEqual([]);
  });

  test('keys the till needs are refused with the reason', () => {
    expect(problemsOf('search=Entrée')[0]).toBe('search : « Entrée » est réservée à la caisse : Entrée valide la saisie (et le terminal envoie Ctrl+J et Ctrl+M comme Entrée)');
    expect(problemsOf('search=Ctrl+J')[0]).toContain('réservée à la caisse');
    expect(problemsOf('search=Échap')[0]).toContain('Échap efface la saisie');
    expect(problemsOf('search=Haut')[0]).toContain('flèches');
    expect(problemsOf('search=Retour arrière')[0]).toContain('réservée');
    expect(problemsOf('search=Ctrl+C')[0]).toContain('quitte la caisse');
    expect(problemsOf('search=PgSuiv')[0]).toContain('change');
    expect(problemsOf('search=S')).toEqual(["search : S seule s'écrit dans la ligne de saisie : prenez Ctrl+S ou Alt+s"]);
    expect(problemsOf('search=5')).toEqual(["search : 5 seul s'écrit dans la ligne de saisie : prenez Alt+5"]);
  });

  test('unknown names, keys and a broken text are told in French', () => {
    expect(problemsOf('chercher=F3')[0]).toMatch(/^action inconnue : « chercher » \(help, customer, search/);
    expect(problemsOf('search=F13')[0]).toMatch(/^search : touche inconnue : « F13 » \(F1 à F12, Ctrl\+lettre/);
    expect(problemsOf('search F3')[0]).toBe('« search F3 » : il manque le signe = (ex. search=F3,Ctrl+F)');
    expect(problemsOf('search=F3; search=F4')).toContain('« search » apparaît deux fois');
    expect(problemsOf('search=')).toContain('search : aucune touche (chaque action garde au moins une touche)');
    expect(problemsOf('search=F3,f3')).toContain('search : F3 apparaît deux fois');
  });

  test('tender letters: one letter each, never two tenders on one letter', () => {
    expect(problemsOf('', 'cash=C')).toEqual(["la lettre C sert à la fois à « cash » et à « card » (changez aussi l'un des deux)"]);
    expect(problemsOf('', 'cash=5')[0]).toContain("n'est pas une lettre");
    expect(problemsOf('', 'espèces=E')[0]).toMatch(/^moyen de paiement inconnu : « espèces » \(cash, card/);
    expect(problemsOf('', 'cash=C; card=E')).toEqual([]);
  });

  test('checkKeySettings throws every problem at once', () => {
    const refuse = () => checkKeySettings({ 'till.keys': 'search=Ctrl+K; pay=X', 'till.tenderKeys': 'cash=C' });
    expect(refuse).toThrow(KeyMapError);
    expect(refuse).toThrow(/^pay : X seule.* ; Ctrl\+K sert.* ; la lettre C sert/);
  });

  test('keyMapOf falls back to the defaults for the half that does not read (a value edited in the database)', () => {
    const map = keyMapOf({ 'till.keys': 'search=Ctrl+K', 'till.tenderKeys': 'cash=B' });
    expect(map.actions).toEqual(DEFAULT_KEY_MAP.actions);
    expect(map.tenders.cash).toBe('b');
    expect(keyMapOf({})).toEqual(DEFAULT_KEY_MAP);
  });
});
