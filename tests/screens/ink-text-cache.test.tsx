// Ink 6.8.0 kept every text it measured or wrapped, for the life of the
// process (ink#986), under a wrap key where text and width could run together
// (ink#998). patches/ink+6.8.0.patch (applied by patch-package after install)
// bounds both caches and keys the wrap by width first (#19).
import { Box, Text } from 'ink';
import { render } from 'ink-testing-library';
// Not exported by Ink: the file the patch adds, reached by its path.
import BoundedCache from '../../node_modules/ink/build/bounded-cache.js';

describe("Ink's text caches (patched)", () => {
  test('the cache keeps a fixed number of entries, the least recently used leaving first', () => {
    const cache = new BoundedCache(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // read: a is now the most recent
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
    for (let i = 0; i < 10_000; i++) cache.set(`text ${i}`, i);
    expect(cache.map.size).toBe(2);
  });

  test('a text wrapped at one width is not served for another text at another width', () => {
    // Unpatched, both had the wrap key « 一二三四五六七八九十15wrap ».
    render(
      <Box width={15}>
        <Text>一二三四五六七八九十</Text>
      </Box>,
    ).unmount();
    const { lastFrame } = render(
      <Box width={5}>
        <Text>一二三四五六七八九十1</Text>
      </Box>,
    );
    expect(lastFrame()).toBe(['一二', '三四', '五六', '七八', '九十1'].join('\n'));
  });
});
