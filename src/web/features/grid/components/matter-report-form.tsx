import { CameraOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Radio, Segmented, Select, Upload } from 'antd';
import { useState } from 'react';
import type { GridDto, MatterDetail } from '../../../../contracts/grid.ts';
import type { GridMatterSource } from '../../../../domain/grid/grid-matter.ts';
import { errorMessage } from '../../../lib/api.ts';
import { useI18n } from '../../../lib/i18n.ts';
import { reportMatter } from '../api/grid.ts';
import { gridVocab } from './grid-tags.tsx';

type Values = {
  gridId: number;
  category: string;
  text: string;
  location?: string;
  residentName?: string;
  residentPhone?: string;
};

/**
 * 上报 on a phone: the grid (preset when the 网格员 has one), a category by one tap, what it is, where, and an optional
 * photo from the camera; a resident's report adds their name and phone. Short enough to record a matter in under a
 * minute at 375 px.
 */
export function MatterReportForm({ grids, onReported }: { grids: GridDto[]; onReported: (m: MatterDetail) => void }) {
  const { t, label } = useI18n();
  const [form] = Form.useForm<Values>();
  const [source, setSource] = useState<GridMatterSource>('worker');
  const [photos, setPhotos] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { categories } = gridVocab();

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const m = await reportMatter(
        {
          gridId: v.gridId,
          category: v.category,
          text: v.text,
          location: v.location || undefined,
          source,
          residentName: source === 'resident' ? v.residentName || undefined : undefined,
          residentPhone: source === 'resident' ? v.residentPhone || undefined : undefined,
        },
        photos,
      );
      form.resetFields(['text', 'location', 'residentName', 'residentPhone']);
      setPhotos([]);
      onReported(m);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={{ gridId: grids.length === 1 ? grids[0]!.id : undefined }}
      data-testid="matter-report-form"
      requiredMark={false}
    >
      <Form.Item name="gridId" label={t('grid.grid')} rules={[{ required: true, message: t('grid.gridRequired') }]}>
        <Select
          data-testid="report-grid"
          options={grids.map((g) => ({ value: g.id, label: `${g.name}（${g.orgName}）` }))}
        />
      </Form.Item>
      <Form.Item
        name="category"
        label={t('grid.category')}
        rules={[{ required: true, message: t('grid.categoryRequired') }]}
      >
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          data-testid="report-category"
          style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}
        >
          {categories.map((c) => (
            <Radio.Button key={c.code} value={c.code} style={{ borderRadius: 6 }}>
              {label(c)}
            </Radio.Button>
          ))}
        </Radio.Group>
      </Form.Item>
      <Form.Item
        name="text"
        label={t('grid.text')}
        rules={[{ required: true, whitespace: true, message: t('grid.textRequired') }]}
      >
        <Input.TextArea rows={3} maxLength={2000} placeholder={t('grid.textPlaceholder')} data-testid="report-text" />
      </Form.Item>
      <Form.Item name="location" label={t('grid.location')}>
        <Input maxLength={200} placeholder={t('grid.locationPlaceholder')} data-testid="report-location" />
      </Form.Item>
      <Form.Item label={t('grid.source')}>
        <Segmented
          block
          value={source}
          onChange={(v) => setSource(v as GridMatterSource)}
          options={[
            { value: 'worker', label: t('grid.sourceWorker') },
            { value: 'resident', label: t('grid.sourceResident') },
          ]}
        />
      </Form.Item>
      {source === 'resident' && (
        <>
          <Form.Item name="residentName" label={t('grid.residentName')}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item
            name="residentPhone"
            label={t('grid.residentPhone')}
            rules={[{ pattern: /^\+?\d{5,20}$/, message: t('grid.phoneInvalid') }]}
          >
            <Input inputMode="tel" maxLength={20} />
          </Form.Item>
        </>
      )}
      <Form.Item label={t('grid.photo')}>
        <Upload
          accept="image/*"
          capture="environment"
          multiple
          listType="picture"
          fileList={photos.map((f, i) => ({ uid: String(i), name: f.name, status: 'done' as const }))}
          beforeUpload={(f) => {
            setPhotos((p) => [...p, f]);
            return false;
          }}
          onRemove={(f) => setPhotos((p) => p.filter((_, i) => String(i) !== f.uid))}
        >
          <Button icon={<CameraOutlined />} data-testid="report-photo">
            {t('grid.addPhoto')}
          </Button>
        </Upload>
      </Form.Item>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="report-submit">
        {t('grid.submitReport')}
      </Button>
    </Form>
  );
}
