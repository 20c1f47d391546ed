import { parseWithZod } from '@conform-to/zod/v4';
import { describe, expect, it } from 'vitest';
import { contractActionSchema, contractSchema, offerSchema } from './contracts';
import { formData } from './form-data.testkit';

const now = new Date('2021-08-10T10:00:00+08:00');
const valid = {
  rdInvestmentWan: '2860',
  signedAt: '2021-08-06',
  'milestones[0].title': '系统方案评审及控制器样机',
  'milestones[0].dueDate': '2021-09-30',
  'milestones[0].deliverables': '系统总体方案、控制器样机3套',
  'milestones[0].sharePct': '30',
  'milestones[1].title': '地面联调试验',
  'milestones[1].dueDate': '2021-12-10',
  'milestones[1].deliverables': '试验报告',
  'milestones[1].sharePct': '40',
  'milestones[2].title': '井下工业性试验及项目验收',
  'milestones[2].dueDate': '2023-01-31',
  'milestones[2].deliverables': '验收报告',
  'milestones[2].sharePct': '30',
};

describe('contract form', () => {
  it('turns 万元 into fen and percentages into basis points, exactly', () => {
    const s = parseWithZod(formData(valid), {
      schema: contractSchema({ now, rewardFen: 300_000_000 }),
    });
    expect(s.status).toBe('success');
    if (s.status !== 'success') return;
    expect(s.value.rdInvestmentFen).toBe(2_860_000_000);
    expect(s.value.signedAt.toISOString()).toBe('2021-08-05T16:00:00.000Z');
    expect(s.value.milestones.map((m) => m.shareBp)).toEqual([3000, 4000, 3000]);
  });

  it('wants the shares to add up to 100 %', () => {
    const s = parseWithZod(formData({ ...valid, 'milestones[2].sharePct': '29.99' }), {
      schema: contractSchema({ now, rewardFen: 300_000_000 }),
    });
    expect(s.reply().error).toEqual({ milestones: ['contractsDesk.errors.sharesSum'] });
  });

  it('keeps the R&D investment at or above the reward, when it is known', () => {
    const below = { ...valid, rdInvestmentWan: '299.999999' };
    expect(
      parseWithZod(formData(below), {
        schema: contractSchema({ now, rewardFen: 300_000_000 }),
      }).reply().error,
    ).toEqual({ rdInvestmentWan: ['contractsDesk.errors.rdBelowReward'] });
    expect(
      parseWithZod(formData(below), { schema: contractSchema({ now, rewardFen: null }) }).status,
    ).toBe('success');
  });

  it('refuses a signing date after today', () => {
    const s = parseWithZod(formData({ ...valid, signedAt: '2021-08-11' }), {
      schema: contractSchema({ now, rewardFen: 300_000_000 }),
    });
    expect(s.reply().error).toEqual({ signedAt: ['contractsDesk.errors.signedInFuture'] });
  });
});

describe('offer and milestone forms', () => {
  it('parses an offer in 万元', () => {
    const s = parseWithZod(formData({ intent: 'offer', amountWan: '340.5', note: '' }), {
      schema: offerSchema,
    });
    expect(s.status === 'success' && s.value).toEqual({
      intent: 'offer',
      amountFen: 340_500_000,
      note: null,
    });
  });

  it('tells the milestone actions apart by intent', () => {
    expect(
      contractActionSchema.safeParse({ intent: 'redeliver', milestoneId: 'm', evidence: 'e' })
        .success,
    ).toBe(true);
    expect(contractActionSchema.safeParse({ intent: 'reject', milestoneId: 'm' }).success).toBe(
      false,
    );
    expect(contractActionSchema.safeParse({ intent: 'constructor' }).success).toBe(false);
  });
});
