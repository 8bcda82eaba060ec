import { main } from '../../../testing/model/cli';

// The command the README advertises: `npx b24-call-card paths --strategy tour --json`.
describe('b24-call-card paths', () => {
  test('--strategy tour --json prints the tour, every path passing, every coverage line at 100%', async () => {
    let out = '';
    const code = await main(['paths', '--strategy', 'tour', '--json'], (text) => {
      out += text;
    });
    expect(code).toBe(0);
    const report = JSON.parse(out) as { strategy: string; paths: number; steps: number; failures: unknown[]; coverage: Record<string, { covered: number; total: number }> };
    expect(report.strategy).toBe('tour');
    expect(report.failures).toEqual([]);
    expect(report.paths).toBeGreaterThan(0);
    for (const [line, { covered, total }] of Object.entries(report.coverage)) expect([line, covered]).toEqual([line, total]);
  });

  test('a missing or unknown strategy is a usage error on stderr (exit 2), not a crash', async () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const write = jest.fn();
    try {
      await expect(main(['paths'], write)).resolves.toBe(2);
      await expect(main(['paths', '--strategy', 'random'], write)).resolves.toBe(2);
      expect(write).not.toHaveBeenCalled();
      expect(stderr).toHaveBeenCalledTimes(2);
      expect(String(stderr.mock.calls[0]?.[0])).toMatch(/--strategy shortest\|simple\|tour/);
    } finally {
      stderr.mockRestore();
    }
  });
});
