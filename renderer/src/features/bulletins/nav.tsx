/** The 排名通报 group of the left navigation (UX.md): 月度排名 · 通报 · 外部成绩导入 · 已发通报. */
import type { NavGroup } from '../../app/nav';
import { ExternalScoresPage } from '../ranking/ExternalScoresPage';
import { RankingPage } from '../ranking/RankingPage';
import { ArchivePage } from './ArchivePage';
import { BulletinsPage } from './BulletinsPage';

export const rankingNavGroup: NavGroup = {
  label: '排名通报',
  entries: [
    { path: '/ranking', label: '月度排名', render: () => <RankingPage /> },
    { path: '/bulletins', label: '通报', render: () => <BulletinsPage /> },
    { path: '/external-scores', label: '外部成绩导入', render: () => <ExternalScoresPage /> },
    { path: '/bulletins/archive', label: '已发通报', render: () => <ArchivePage /> },
  ],
};
