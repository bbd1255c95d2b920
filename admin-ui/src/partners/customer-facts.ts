// What each customer counts for, read from the facts of a partner's scores: a metric's facts name
// customers by tenant id (`CUSTOMER`), by tenant id and workload (`CUSTOMER_WORKLOAD`, "tenant / name")
// or by top parent (`TPID`, the tenant's own id when it has none), each counted or not and why.
import type { DesignationCode, FactKind, FactOutcome, MetricCode, ScoreCategory } from '../gql/graphql';
import { CATEGORY_LABELS, DESIGNATION_LABELS, METRIC_LABELS, humanize, quantity } from '../ui/format';

/** The facts of one score as the customers tab loads them. */
export interface ScoreFacts {
  designationCode: DesignationCode;
  metrics: readonly {
    metric: MetricCode;
    category: ScoreCategory;
    facts: readonly {
      kind: FactKind;
      subject: string;
      outcome: FactOutcome;
      detail: string;
      numbers: readonly { name: string; value: number }[];
    }[];
  }[];
}

/** One metric a customer enters, and how. */
export interface CustomerCount {
  designation: DesignationCode;
  metric: MetricCode;
  category: ScoreCategory;
  outcome: FactOutcome;
  /** The workload, for a fact about one of the customer's workloads. */
  workload: string | null;
  /** Whether the fact is about the customer's top parent (all its tenants together). */
  viaTpid: boolean;
  detail: string;
  numbers: readonly { name: string; value: number }[];
}

/** The customer facts of `scores`, by subject: tenant ids and TPIDs each in their own map. */
export function customerFacts(scores: readonly ScoreFacts[]): {
  byTenant: Map<string, CustomerCount[]>;
  byTpid: Map<string, CustomerCount[]>;
} {
  const byTenant = new Map<string, CustomerCount[]>();
  const byTpid = new Map<string, CustomerCount[]>();
  const add = (map: Map<string, CustomerCount[]>, key: string, count: CustomerCount) => {
    const list = map.get(key);
    if (list) list.push(count);
    else map.set(key, [count]);
  };
  for (const s of scores) {
    for (const m of s.metrics) {
      for (const f of m.facts) {
        const base = {
          designation: s.designationCode,
          metric: m.metric,
          category: m.category,
          outcome: f.outcome,
          detail: f.detail,
          numbers: f.numbers,
        };
        if (f.kind === 'CUSTOMER') add(byTenant, f.subject, { ...base, workload: null, viaTpid: false });
        else if (f.kind === 'CUSTOMER_WORKLOAD') {
          const at = f.subject.indexOf(' / ');
          const tenant = at < 0 ? f.subject : f.subject.slice(0, at);
          const workload = at < 0 ? null : f.subject.slice(at + 3);
          add(byTenant, tenant, { ...base, workload, viaTpid: false });
        } else if (f.kind === 'TPID') add(byTpid, f.subject, { ...base, workload: null, viaTpid: true });
      }
    }
  }
  return { byTenant, byTpid };
}

/** What one customer counts for: its own facts, then those of its top parent. */
export function countsOf(
  facts: ReturnType<typeof customerFacts>,
  customer: { tenantId: string; tpid?: string | null | undefined },
): CustomerCount[] {
  return [...(facts.byTenant.get(customer.tenantId) ?? []), ...(facts.byTpid.get(customer.tpid ?? customer.tenantId) ?? [])];
}

const MONEY = /acr|mcv|revenue/;

/** A fact's numbers at the month, for a line: `2 paid seats`, `trailing ACR $1,250`. */
export function numbersAtMonth(numbers: readonly { name: string; value: number }[]): string[] {
  return numbers
    .filter((n) => !n.name.endsWith('_at_baseline'))
    .map((n) => {
      const name = n.name
        .replace(/_at_as_of$/, '')
        .replace(/_/g, ' ')
        .replace(/\bacr\b/g, 'ACR')
        .replace(/\bmcv\b/g, 'MCV');
      return MONEY.test(n.name) ? `${name} $${quantity(n.value)}` : `${quantity(n.value)} ${name}`;
    });
}

/** "Security · Performance" */
export function countTitle(c: CustomerCount): string {
  return `${DESIGNATION_LABELS[c.designation]} · ${CATEGORY_LABELS[c.category]}`;
}

/** "counted (net customer adds, 2 paid seats)" */
export function countSummary(c: CustomerCount): string {
  const parts = [
    METRIC_LABELS[c.metric].toLowerCase(),
    ...(c.workload ? [c.workload] : []),
    ...(c.viaTpid ? ['with its top parent'] : []),
    ...numbersAtMonth(c.numbers),
  ];
  return `${humanize(c.outcome).toLowerCase()} (${parts.join(', ')})`;
}
