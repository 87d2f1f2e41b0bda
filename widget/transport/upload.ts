// POST /api/files (PROTOCOL §1 Uploads) with XMLHttpRequest: fetch cannot report upload progress.
// The raw file is the body; its name travels URL-encoded in X-File-Name.
import { type Upload, decodeErrorMessage, decodeUploaded } from '../protocol';

export function uploadFile(url: string, file: File, token: string | null, progress: (fraction: number) => void): Upload {
  const request = new XMLHttpRequest();
  const done = new Promise<Awaited<Upload['done']>>((resolve) => {
    request.upload.onprogress = (e) => e.lengthComputable && progress(e.loaded / e.total);
    request.onload = () => {
      const uploaded = request.status === 201 && decodeUploaded(request.responseText);
      resolve(uploaded ? { ok: true, file: uploaded } : { ok: false, message: decodeErrorMessage(request.responseText, request.status) });
    };
    request.onerror = request.onabort = () => resolve({ ok: false, message: 'The upload did not complete.' });
  });
  request.open('POST', url);
  if (token) request.setRequestHeader('Authorization', `Bearer ${token}`);
  request.setRequestHeader('X-File-Name', encodeURIComponent(file.name));
  request.send(file);
  return { done, abort: () => request.abort() };
}
