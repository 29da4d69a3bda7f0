// Top line: shop, till, cashier, customer slot and the clock.
import { Text } from 'ink';
import { memo } from 'react';
import { fit, spread } from '../layout.js';

export const Header = memo(function Header(props: {
  shop: string;
  till: string;
  cashier: string;
  customer: string;
  /** the customer's account (what they owe, their store credit): kept whole, the name is cut first */
  account?: string;
  clock: string;
  width: number;
}) {
  const left = `${props.shop} · ${props.till} · ${props.cashier}`;
  // A long customer slot (name, group, balance, credit) is cut, never the clock nor the whole left side.
  const account = props.account ?? '';
  const room = Math.max(10, props.width - props.clock.length - account.length - 3 - Math.min(left.length, 16));
  const customer = props.customer.length > room ? fit(props.customer, room).trimEnd() : props.customer;
  const right = `${customer}${account}  ${props.clock}`;
  return (
    <Text bold inverse>
      {spread(left, right, props.width)}
    </Text>
  );
});
