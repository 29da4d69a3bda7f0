// The consolidated view of a report (issue #22): the same rows as the
// company's report, with one column a shop beside the company's total. Pure:
// the reports are read per shop and for the company by the services, then put
// side by side here. The company's figure is read, not added up from the
// shops, so the columns adding up to it is a check, not a tautology.

/** A shop as a column title. */
export interface ShopColumn {
  id: number;
  code: string;
  name: string;
}

/** One figure of a row: its amount in cents (TTC for sales, at cost for stock) and how many (sales, articles). */
export interface ShopCell {
  total: number;
  count: number;
}

export interface ShopColumnsRow {
  key: string;
  label: string;
  code: string | null;
  /** one cell a shop, in the order of `shops` */
  byShop: ShopCell[];
  /** the company's */
  company: ShopCell;
}

export interface ShopColumnsReport {
  /** what the rows are: a dimension of the sales report, 'category' for the stock… */
  dimension: string;
  from: string | null;
  to: string | null;
  shops: ShopColumn[];
  rows: ShopColumnsRow[];
  totals: { byShop: ShopCell[]; company: ShopCell };
}

/** A report's rows as they come in, each with its amount and how many. */
export interface KeyedFigures {
  key: string;
  label: string;
  code: string | null;
  total: number;
  count: number;
}

export interface ColumnInput {
  rows: KeyedFigures[];
  totals: ShopCell;
}

const ZERO: ShopCell = { total: 0, count: 0 };

/**
 * Puts the shops' reports beside the company's: the company's rows in its
 * order, then any key a shop has and the company has not (none, unless the
 * data moved between reads); a shop without a row gets zero.
 */
export function shopColumns(dimension: string, period: { from: string | null; to: string | null }, shops: ShopColumn[], perShop: ColumnInput[], company: ColumnInput): ShopColumnsReport {
  if (perShop.length !== shops.length) throw new Error('shopColumns: one report a shop');
  const indexes = perShop.map((r) => new Map(r.rows.map((row) => [row.key, row])));
  const keys = [...company.rows];
  const seen = new Set(keys.map((r) => r.key));
  for (const r of perShop) for (const row of r.rows) if (!seen.has(row.key)) (seen.add(row.key), keys.push({ ...row, total: 0, count: 0 }));
  const companyIndex = new Map(company.rows.map((r) => [r.key, r]));
  const rows = keys.map((k) => {
    const own = companyIndex.get(k.key);
    return {
      key: k.key,
      label: k.label,
      code: k.code,
      byShop: indexes.map((index) => {
        const row = index.get(k.key);
        return row ? { total: row.total, count: row.count } : { ...ZERO };
      }),
      company: own ? { total: own.total, count: own.count } : { ...ZERO },
    };
  });
  return {
    dimension,
    from: period.from,
    to: period.to,
    shops,
    rows,
    totals: { byShop: perShop.map((r) => ({ ...r.totals })), company: { ...company.totals } },
  };
}

/** The rows whose shop cells do not add up to the company's (empty when all is well). */
export function unbalancedRows(report: ShopColumnsReport): string[] {
  const off = (cells: ShopCell[], company: ShopCell) => cells.reduce((a, c) => a + c.total, 0) !== company.total;
  return [...report.rows.filter((r) => off(r.byShop, r.company)).map((r) => r.label), ...(off(report.totals.byShop, report.totals.company) ? ['TOTAL'] : [])];
}
