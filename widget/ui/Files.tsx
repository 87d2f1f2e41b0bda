// The files of a visitor's message or of the composer: images as thumbnails, other files by name
// and size. While one uploads it shows its progress; a failed one says so and offers a retry; in
// the composer each can be removed (which cancels its upload).
import { Fragment, h } from 'preact';
import type { FileItem } from '../chat/model';
import { fill } from '../i18n/strings';
import { isImageType } from '../protocol/attachment';
import type { Ui } from './context';
import { CloseIcon } from './icons';

export function Files({ files, ui: { strings, actions, size }, removable }: { files: readonly FileItem[]; ui: Ui; removable?: boolean }) {
  return (
    <ul class="files">
      {files.map((file) => {
        const { name, url, progress, error } = file;
        return (
          <li class={error.value ? 'file failed' : 'file'} title={error.value ?? undefined}>
            {/* Only the gateway's (http) or the local file's (blob) address loads; a refused file is no image to draw. */}
            {isImageType(file.type) && !error.value && url && /^(https?|blob):/.test(url) ? <img src={url} alt={name} /> : <span>{name} <small>{size(file.size)}</small></span>}
            {error.value ? (
              <>
                {/* An alert: announced as it appears, wherever focus is. */}
                <span role="alert">{strings.uploadFailed}</span>
                {file.file && <button type="button" onClick={() => actions.retryFile(file)}>{strings.retry}</button>}
              </>
            ) : (
              progress.value < 1 && <progress value={progress.value} aria-label={name} />
            )}
            {removable && (
              <button type="button" aria-label={fill(strings.removeFile, { name })} onClick={() => actions.detach(file)}>
                <CloseIcon />
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
