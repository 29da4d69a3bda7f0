// Top line: shop, till, cashier, customer slot and the clock.
import { Text } from 'ink';
import { memo } from 'react';
import { spread } from '../layout.js';

export const Header = memo(function Header(props: {
  shop: string;
  till: string;
  cashier: string;
  customer: string;
  /** the customer's loyalty card, e.g. "★ 72/100" */
  loyalty?: string;
  clock: string;
  width: number;
}) {
  const left = `${props.shop} · ${props.till} · ${props.cashier}`;
  const right = `${props.customer}${props.loyalty ? ` ${props.loyalty}` : ''}  ${props.clock}`;
  return (
    <Text bold inverse>
      {spread(left, right, props.width)}
    </Text>
  );
});
