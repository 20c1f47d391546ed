// The files attached to what a desk reviews (a need, a bid), each a link to download it.
export function AttachmentLinks({
  title,
  files,
}: {
  title: string;
  files: readonly { id: string; originalName: string }[];
}) {
  if (files.length === 0) return null;
  return (
    <>
      <h3 className="font-semibold">{title}</h3>
      <ul>
        {files.map((f) => (
          <li key={f.id}>
            <a href={`/attachments/${f.id}`}>{f.originalName}</a>
          </li>
        ))}
      </ul>
    </>
  );
}
