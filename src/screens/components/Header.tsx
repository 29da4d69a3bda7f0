// Top line: shop, till, cashier, customer slot and the clock.
import { Text } from 'ink';
import { memo } from 'react';
import { fit, spread } from '../layout.js';

export const Header = memo(function Header(props: {
  shop: string;
  till: string;
  cashier: string;
  customer: string;
  /** the customer's loyalty card, e.g. "★ 72/100" */
  loyalty?: string;
  /** the customer's account (what they owe, their store credit): kept whole, the name is cut first */
  account?: string;
  clock: string;
  width: number;
}) {
  const left = `${props.shop} · ${props.till} · ${props.cashier}`;
  // A long customer slot (name, group) is cut first, never the card, the balance, the clock
  // nor the whole left side.
  const extras = `${props.loyalty ? ` ${props.loyalty}` : ''}${props.account ?? ''}`;
  const room = Math.max(10, props.width - props.clock.length - extras.length - 3 - Math.min(left.length, 16));
  const customer = props.customer.length > room ? fit(props.customer, room).trimEnd() : props.customer;
  const right = `${customer}${extras}  ${props.clock}`;
  return (
    <Text bold inverse>
      {spread(left, right, props.width)}
    </Text>
  );
});
