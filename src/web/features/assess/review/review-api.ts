import type { z } from 'zod';
import type {
  createReviewBody,
  ReviewDetail,
  ReviewList,
  reviewCommentBody,
  reviewGradeBody,
  reviewPollBody,
  reviewProblemBody,
  reviewReportBody,
} from '../../../../contracts/review.ts';
import { api, toQuery } from '../../../lib/api.ts';

/** 书记抓基层党建述职评议: the rounds of a subtree, a round, and the writes on one organisation of it. */
export function getReviews(q: { orgId: number; year?: number }): Promise<ReviewList> {
  return api.get(`/api/reviews${toQuery(q)}`);
}

export function getReview(id: number): Promise<ReviewDetail> {
  return api.get(`/api/reviews/${id}`);
}

export function createReview(body: z.input<typeof createReviewBody>): Promise<ReviewDetail> {
  return api.post('/api/reviews', body);
}

const at = (id: number, orgId: number, step: string) => `/api/reviews/${id}/orgs/${orgId}/${step}`;

export function putReport(id: number, orgId: number, body: z.input<typeof reviewReportBody>): Promise<ReviewDetail> {
  return api.put(at(id, orgId, 'report'), body);
}

export function putComment(id: number, orgId: number, body: z.input<typeof reviewCommentBody>): Promise<ReviewDetail> {
  return api.put(at(id, orgId, 'comment'), body);
}

export function putPoll(id: number, orgId: number, body: z.input<typeof reviewPollBody>): Promise<ReviewDetail> {
  return api.put(at(id, orgId, 'poll'), body);
}

export function putGrade(id: number, orgId: number, body: z.input<typeof reviewGradeBody>): Promise<ReviewDetail> {
  return api.put(at(id, orgId, 'grade'), body);
}

export function addReviewProblem(
  id: number,
  orgId: number,
  body: z.input<typeof reviewProblemBody>,
): Promise<ReviewDetail> {
  return api.post(at(id, orgId, 'problems'), body);
}
