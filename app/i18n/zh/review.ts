// Strings of one feature (namespace "review"); en/review.ts has the same keys.
export const review = {
  title: '科技局工作台',
  nav: { needs: '需求审核', events: '揭榜活动管理' },
};
