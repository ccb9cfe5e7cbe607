/** The user admin page's "Allocation" button: edits a collector's or team lead's allocation profile. */
import { useState } from 'react';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CollectorProfile, UserItem } from '@recova/contracts';
import { useCan } from '../../app/auth';
import { useAllocCollectors } from './api';
import { CollectorProfileModal } from './CollectorProfileModal';

export function CollectorProfileButton({ user }: { user: UserItem }) {
  const { t } = useTranslation();
  const can = useCan();
  const enabled = can('users.write') && can('allocation.run') && (user.role === 'collector' || user.role === 'team_lead');
  const profiles = useAllocCollectors(enabled);
  const [editing, setEditing] = useState<CollectorProfile | null>(null);
  const profile = profiles.data?.find((p) => p.id === user.id);
  if (!enabled || !profile) return null;
  return (
    <>
      <Button size="small" style={{ marginLeft: 8 }} data-testid={`user-alloc-${user.username}`} onClick={() => setEditing(profile)}>
        {t('allocation.profile')}
      </Button>
      <CollectorProfileModal collector={editing} onClose={() => setEditing(null)} />
    </>
  );
}
